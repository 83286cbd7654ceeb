package org.doudi.systemtest.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultyProxyTest {
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final int SILENCE_MILLIS = 500;

    private EchoServer echo;
    private FaultyProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void startEchoAndProxy() throws IOException {
        echo = new EchoServer();
        proxy = FaultyProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        proxy.close();
        echo.close();
    }

    @Test
    void passesBytesBothWaysAndCountsThem() throws Exception {
        Socket client = connect();

        assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        assertThat(roundTrip(client, "again")).isEqualTo("again");

        assertThat(proxy.mode()).isEqualTo(FaultyProxy.Mode.PASS);
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.openConnections()).isEqualTo(1);
        awaitValue(proxy::bytesToTarget, 10);
        awaitValue(proxy::bytesToClient, 10);
    }

    @Test
    void dropAllResetsOpenConnectionsOnBothSidesButNotTheNextOne() throws Exception {
        Socket first = connect();
        Socket second = connect();
        assertThat(roundTrip(first, "a")).isEqualTo("a");
        assertThat(roundTrip(second, "b")).isEqualTo("b");

        proxy.dropAll();

        assertBroken(first);
        assertBroken(second);
        awaitValue(echo::openConnections, 0);
        assertThat(proxy.openConnections()).isZero();
        assertThat(roundTrip(connect(), "c")).isEqualTo("c");
    }

    @Test
    void stallHoldsEveryByteUntilPassAgain() throws Exception {
        Socket open = connect();
        assertThat(roundTrip(open, "before")).isEqualTo("before");
        long toTarget = proxy.bytesToTarget();

        proxy.stall();
        send(open, "held");
        assertSilent(open);
        Socket fresh = connect();
        send(fresh, "new");
        assertSilent(fresh);
        assertThat(proxy.bytesToTarget()).isEqualTo(toTarget);
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
        assertThat(proxy.openConnections()).isEqualTo(2);

        proxy.pass();
        assertThat(receive(open, 4)).isEqualTo("held");
        assertThat(receive(fresh, 3)).isEqualTo("new");
    }

    @Test
    void stallAlsoHidesAClientHangingUp() throws Exception {
        Socket client = connect();
        assertThat(roundTrip(client, "x")).isEqualTo("x");

        proxy.stall();
        client.close();
        Thread.sleep(SILENCE_MILLIS);
        assertThat(echo.openConnections()).isEqualTo(1);

        proxy.pass();
        awaitValue(echo::openConnections, 0);
        awaitValue(proxy::openConnections, 0);
    }

    @Test
    void refuseResetsNewConnectionsAndSparesOpenOnes() throws Exception {
        Socket open = connect();
        assertThat(roundTrip(open, "ok")).isEqualTo("ok");

        proxy.refuse();
        assertBroken(connect());
        assertThat(roundTrip(open, "still")).isEqualTo("still");
        assertThat(proxy.connectionsRefused()).isEqualTo(1);
        assertThat(echo.accepted()).isEqualTo(1);

        proxy.pass();
        assertThat(roundTrip(connect(), "back")).isEqualTo("back");
    }

    @Test
    void latencyDelaysEachDirection() throws Exception {
        Socket client = connect();
        assertThat(roundTrip(client, "warm")).isEqualTo("warm");

        proxy.latency(Duration.ofMillis(250));
        long start = System.nanoTime();
        assertThat(roundTrip(client, "slow")).isEqualTo("slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));

        proxy.latency(Duration.ZERO);
        start = System.nanoTime();
        assertThat(roundTrip(client, "fast")).isEqualTo("fast");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void halfCloseIsForwarded() throws Exception {
        Socket client = connect();
        send(client, "bye");
        client.shutdownOutput();

        assertThat(receive(client, 3)).isEqualTo("bye");
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        awaitValue(proxy::openConnections, 0);
    }

    @Test
    void aDeadTargetResetsTheClient() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        try (FaultyProxy toNowhere = FaultyProxy.start("127.0.0.1", deadPort)) {
            Socket client = track(new Socket(toNowhere.host(), toNowhere.port()));
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertBroken(client);
            awaitValue(toNowhere::openConnections, 0);
        }
    }

    @Test
    void closeEndsEveryConnectionAndStopsListening() throws Exception {
        Socket flowing = connect();
        assertThat(roundTrip(flowing, "1")).isEqualTo("1");
        proxy.stall();
        Socket stalled = connect();
        awaitValue(proxy::openConnections, 2);

        proxy.close();
        proxy.close();

        assertBroken(flowing);
        assertBroken(stalled);
        assertThat(proxy.openConnections()).isZero();
        awaitValue(echo::openConnections, 0);
        assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port()).close()).isInstanceOf(ConnectException.class);
    }

    private Socket connect() throws IOException {
        Socket socket = track(new Socket(proxy.host(), proxy.port()));
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private Socket track(Socket socket) {
        clients.add(socket);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        send(socket, text);
        return receive(socket, text.length());
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        return new String(socket.getInputStream().readNBytes(length), US_ASCII);
    }

    /** The connection ended (EOF or reset) rather than merely going quiet. */
    private static void assertBroken(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("read on a broken connection").isEqualTo(-1);
        } catch (SocketTimeoutException stillOpen) {
            fail("connection still open after " + READ_TIMEOUT_MILLIS + " ms");
        } catch (SocketException reset) {
            // Expected: a RST surfaces as "Connection reset".
        }
    }

    /** Nothing arrives, yet the connection is still open. */
    private static void assertSilent(Socket socket) throws IOException {
        socket.setSoTimeout(SILENCE_MILLIS);
        try {
            int got = socket.getInputStream().read();
            fail("expected silence but read " + got);
        } catch (SocketTimeoutException expected) {
            // The link is black-holed.
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    private static void awaitValue(LongSupplier actual, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MILLIS);
        while (actual.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(actual.getAsLong()).isEqualTo(expected);
    }

    /** Echoes every byte back and closes its side once the client has finished sending. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final AtomicLong accepted = new AtomicLong();

        EchoServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(this::acceptLoop);
        }

        int port() {
            return ((InetSocketAddress) server.getLocalSocketAddress()).getPort();
        }

        long accepted() {
            return accepted.get();
        }

        long openConnections() {
            return open.size();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    open.add(socket);
                    threads.execute(() -> echo(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void echo(Socket socket) {
            try (socket) {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (IOException resetOrClosed) {
                // The proxy reset the connection; nothing to echo any more.
            } finally {
                open.remove(socket);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.doudi.systemtest.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on 127.0.0.1 that plays the bad 3G link between an agent and its broker: point the client at
 * {@link #port()} instead of the server, then break the link at will while the test runs.
 *
 * <p>What each fault looks like from the ends:
 * <ul>
 *   <li>{@link #stall()}: a black hole. Sockets stay open, new connections are accepted and even reach the
 *       server, but no data, FIN or reset crosses in either direction; writers only notice once TCP's buffers
 *       fill. This is how a radio that lost signal, or a NAT that forgot the mapping, usually looks, and only
 *       keep-alives and timeouts reveal it. {@link #pass()} lifts it and whatever was held back flows on.</li>
 *   <li>{@link #dropAll()}: every open connection is reset (RST) on both sides at once; the mode is unchanged,
 *       so in {@code PASS} the client can reconnect immediately.</li>
 *   <li>{@link #refuse()}: each new connection is accepted and reset straight away, so connecting fails;
 *       connections already open are left alone. (A real closed port answers the SYN itself; here the TCP
 *       handshake completes first, which clients report as a reset or EOF instead of "connection refused".)</li>
 *   <li>{@link #latency(Duration)}: each chunk read is held this long before it is forwarded, in each
 *       direction; like a slow link, this also caps throughput per connection.</li>
 * </ul>
 *
 * <p>Each connection costs two virtual threads; {@link #close()} resets every connection and waits for all of
 * them to end. Thread-safe.
 */
public final class FaultyProxy implements AutoCloseable {
    public enum Mode { PASS, STALL, REFUSE }

    private static final String HOST = "127.0.0.1";
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    // Signalled on every change a held-back chunk might be waiting for: mode, latency, a link ending, close.
    private final Condition changed = lock.newCondition();
    private Mode mode = Mode.PASS;
    private Duration latency = Duration.ZERO;
    private boolean closed;

    private FaultyProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("faulty-proxy-" + listener.getLocalPort() + "-", 0).factory());
    }

    /** Starts a proxy in {@link Mode#PASS} on a free port of 127.0.0.1, forwarding to {@code host:port}. */
    public static FaultyProxy start(String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost");
        ServerSocket listener = null;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            FaultyProxy proxy = new FaultyProxy(new InetSocketAddress(targetHost, targetPort), listener);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            closeQuietly(listener);
            throw new UncheckedIOException("cannot open the proxy's listening socket", e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Forward normally again; anything held back by {@link #stall()} or {@link #latency} is delivered. */
    public void pass() {
        setMode(Mode.PASS);
    }

    /** Black-hole every connection, open or new, in both directions until {@link #pass()}. */
    public void stall() {
        setMode(Mode.STALL);
    }

    /** Reset each new connection as soon as it is accepted, until {@link #pass()} or {@link #stall()}. */
    public void refuse() {
        setMode(Mode.REFUSE);
    }

    /** Reset every open connection on both sides now; new connections are handled by the current mode. */
    public void dropAll() {
        for (Link link : links) {
            link.end(true);
        }
    }

    /** Hold every chunk this long before forwarding it; {@link Duration#ZERO} for none. */
    public void latency(Duration oneWay) {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("latency cannot be negative: " + oneWay);
        }
        lock.lock();
        try {
            latency = oneWay;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Mode mode() {
        lock.lock();
        try {
            return mode;
        } finally {
            lock.unlock();
        }
    }

    /** TCP connections accepted since start, including those that {@link #refuse()} then reset. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Connections reset at once because the proxy was refusing. */
    public long connectionsRefused() {
        return refused.get();
    }

    /** Connections currently open through the proxy, stalled ones included. */
    public int openConnections() {
        return links.size();
    }

    /** Bytes delivered from clients to the target. */
    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** Bytes delivered from the target back to clients. */
    public long bytesToClient() {
        return bytesToClient.get();
    }

    /**
     * Stops listening, resets every connection and waits for the proxy's threads to end.
     *
     * @throws IllegalStateException if some thread is still running after a few seconds (a bug worth failing on)
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(listener);
        dropAll();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("proxy threads still running " + CLOSE_TIMEOUT + " after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultyProxy[" + HOST + ":" + port() + " -> " + target + ", " + mode() + "]";
    }

    private void setMode(Mode next) {
        lock.lock();
        try {
            mode = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                // Closed by close(), or broken for good; either way waiting clients should be refused, not hang.
                closeQuietly(listener);
                return;
            }
            accepted.incrementAndGet();
            Link link = register(client);
            if (link != null) {
                try {
                    threads.execute(link::run);
                } catch (RejectedExecutionException closing) {
                    link.end(true);
                }
            }
        }
    }

    /** Registers a link for the new connection, or resets it at once and returns null if it must not live. */
    private Link register(Socket client) {
        lock.lock();
        try {
            if (!closed && mode != Mode.REFUSE) {
                Link link = new Link(client);
                links.add(link);
                return link;
            }
            if (!closed) {
                refused.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
        reset(client);
        return null;
    }

    /**
     * Blocks until a chunk read at {@code readAt} may be forwarded: not stalled and its latency served.
     *
     * @return false if the link or the proxy ended meanwhile and the chunk must be discarded
     */
    private boolean awaitDelivery(Link link, long readAt) {
        lock.lock();
        try {
            while (!closed && !link.isEnded()) {
                if (mode == Mode.STALL) {
                    changed.await();
                    continue;
                }
                long remaining = readAt + latency.toNanos() - System.nanoTime();
                if (remaining <= 0) {
                    return true;
                }
                changed.awaitNanos(remaining);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void signalChange() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One proxied connection: the accepted client socket and its own socket to the target. */
    private final class Link {
        private final Socket client;
        private final AtomicInteger directionsDone = new AtomicInteger();
        private Socket upstream;
        private volatile boolean ended;

        Link(Socket client) {
            this.client = client;
        }

        void run() {
            Socket up = new Socket();
            try {
                if (!attach(up)) {
                    up.close();
                    return;
                }
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                up.connect(target, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                // The target is down or unreachable: the client sees its connection reset, as without a proxy.
                end(true);
                return;
            }
            try {
                threads.execute(() -> pump(up, client, bytesToClient));
            } catch (RejectedExecutionException closing) {
                end(true);
                return;
            }
            pump(client, up, bytesToTarget);
        }

        /** Copies one direction until EOF or failure, passing data, FIN and resets through the fault gate. */
        private void pump(Socket from, Socket to, AtomicLong delivered) {
            byte[] chunk = new byte[CHUNK_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n;
                    try {
                        n = in.read(chunk);
                    } catch (IOException peerReset) {
                        // Held back like data, so that a stalled link hides a reset too.
                        if (awaitDelivery(this, System.nanoTime())) {
                            end(true);
                        }
                        return;
                    }
                    if (!awaitDelivery(this, System.nanoTime())) {
                        return;
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        if (directionsDone.incrementAndGet() == 2) {
                            end(false);
                        }
                        return;
                    }
                    out.write(chunk, 0, n);
                    delivered.addAndGet(n);
                }
            } catch (IOException e) {
                end(true);
            }
        }

        private synchronized boolean attach(Socket up) {
            if (ended) {
                return false;
            }
            upstream = up;
            return true;
        }

        boolean isEnded() {
            return ended;
        }

        /** Closes both sockets, with a reset when {@code abortive}; only the first call has an effect. */
        void end(boolean abortive) {
            Socket up;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                up = upstream;
            }
            links.remove(this);
            if (abortive) {
                reset(client);
                reset(up);
            } else {
                closeQuietly(client);
                closeQuietly(up);
            }
            // Wakes this link's other direction if it is holding a chunk back.
            signalChange();
        }
    }

    private static void reset(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            // Linger 0 turns close() into a RST instead of an orderly FIN.
            socket.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // Nothing left to reset.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing only to let go; the socket is useless whether or not this succeeded.
        }
    }
}

package org.doudi.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Reachability of the real brokers CI has on loopback; absent ones skip, unless CI requires them. */
final class Brokers {
    private Brokers() {
    }

    static boolean required() {
        return Boolean.getBoolean("doudi.interop.required");
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips the test with the reason — or fails it, where CI promised the broker. */
    static void assume(boolean present, String reason) {
        if (present) {
            return;
        }
        if (required()) {
            Assertions.fail(reason + " (required in CI: -Ddoudi.interop.required=true)");
        }
        Assumptions.abort(reason);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}

package org.doudi.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need something from outside the JVM (a Mosquitto binary, a broker on loopback, openssl):
 * where it is absent they are skipped with the reason, so a developer's machine still builds; CI
 * promises to have it ({@code -Ddoudi.interop.required=true}), and there its absence fails the test.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static boolean required() {
        return Boolean.getBoolean("doudi.interop.required");
    }

    /** Skips the test with the reason — or fails it, where CI promised what is missing. */
    public static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if (required()) {
            Assertions.fail(reason + " (required in CI: -Ddoudi.interop.required=true)");
        }
        Assumptions.abort(reason);
    }
}

package org.doudi.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.Server;
import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;

/** Regression (CI, 2026-11-23): Moquette's getPort() threw while Netty was still binding. */
class BoundPortTest {
    @Test
    void aPortLookupThatRacesTheBindingIsAskedAgain() {
        Server binding = new Server() {
            private int calls;

            @Override
            public int getPort() {
                return switch (calls++) {
                    case 0 -> throw new ConcurrentModificationException();
                    case 1 -> 0;
                    default -> 18_830;
                };
            }
        };
        assertThat(EmbeddedBroker.boundPort(binding)).isEqualTo(18_830);
    }
}

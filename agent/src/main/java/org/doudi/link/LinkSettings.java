package org.doudi.link;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to open one MQTT connection; immutable, built once from configuration.
 *
 * @param persistentSession devices use clean sessions (their outbox is the truth, decision 0002); a
 *     central consumer uses a persistent one, so the broker queues records while it reconnects instead
 *     of dropping them until the devices' ack timeout brings them back
 */
public record LinkSettings(
        List<String> brokerUrls,
        String clientId,
        Optional<String> username,
        Optional<String> password,
        Optional<Tls> tls,
        Duration keepAlive,
        Duration connectTimeout,
        int maxInflight,
        boolean persistentSession) {

    /** Server verification against {@code caFile} (PEM) or the system's roots; optional client certificate. */
    public record Tls(Optional<Path> caFile, Optional<Path> clientKeystore, Optional<String> clientKeystorePassword) {
    }

    /** The message the broker publishes for us if the connection dies without a goodbye. */
    public record LastWill(String topic, byte[] payload) {
    }

    public LinkSettings {
        brokerUrls = List.copyOf(brokerUrls);
        if (brokerUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URL is needed");
        }
        Objects.requireNonNull(clientId, "clientId");
        if (maxInflight < 1) {
            throw new IllegalArgumentException("maxInflight must be at least 1");
        }
    }
}

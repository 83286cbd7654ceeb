package org.doudi.central;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.doudi.link.LinkSettings;

/**
 * How the central receiver connects and paces itself; immutable, built once from configuration.
 *
 * @param ackFlushInterval shortest time between two acks to the same device; acks for records stored
 *     meanwhile are coalesced into one retained message per device
 * @param maxBatch most envelopes stored in one transaction
 * @param persistentSession keep the broker session across reconnects (the default), so records published
 *     while the receiver restarts are queued for it rather than dropped
 * @param tls how to check the broker's certificate on {@code ssl://} URLs; empty: the system's roots
 * @param queueCapacity envelopes waiting for the store; beyond it arrivals are dropped unacknowledged
 *     and the devices resend them, which is safer than buffering without bound
 */
public record ReceiverSettings(
        List<String> brokerUrls,
        String clientId,
        Optional<String> username,
        Optional<String> password,
        Optional<LinkSettings.Tls> tls,
        Duration ackFlushInterval,
        int maxBatch,
        int queueCapacity,
        boolean persistentSession,
        Optional<String> sharedGroup) {

    public static final Duration DEFAULT_ACK_FLUSH_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_BATCH = 500;
    public static final int DEFAULT_QUEUE_CAPACITY = 20 * DEFAULT_MAX_BATCH;

    /** The client id is also a level of the receiver's own status topic. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ReceiverSettings {
        brokerUrls = List.copyOf(brokerUrls);
        if (brokerUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URL is needed");
        }
        Objects.requireNonNull(clientId, "clientId");
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("client id must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        if (ackFlushInterval.isNegative() || ackFlushInterval.isZero()) {
            throw new IllegalArgumentException("ack flush interval must be positive");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1");
        }
        if (queueCapacity < maxBatch) {
            throw new IllegalArgumentException("queue capacity must be at least the max batch");
        }
        Objects.requireNonNull(sharedGroup, "sharedGroup");
        if (sharedGroup.isPresent() && !CLIENT_ID.matcher(sharedGroup.get()).matches()) {
            throw new IllegalArgumentException("shared group must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * Several inboxes share the records (MQTT shared subscription {@code $share/<group>/…}), each storing
     * what the broker hands it into one shared store; acks and gaps are then read from that store. Mosquitto
     * and EMQX support this for MQTT 3.1.1 clients; NATS does not.
     */
    public ReceiverSettings withSharedSubscription(String group) {
        return new ReceiverSettings(brokerUrls, clientId, username, password, tls, ackFlushInterval, maxBatch,
                queueCapacity, persistentSession, Optional.of(group));
    }

    public static ReceiverSettings defaults(List<String> brokerUrls, String clientId) {
        return new ReceiverSettings(brokerUrls, clientId, Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_ACK_FLUSH_INTERVAL, DEFAULT_MAX_BATCH, DEFAULT_QUEUE_CAPACITY, true, Optional.empty());
    }

    public ReceiverSettings withCredentials(String username, String password) {
        return new ReceiverSettings(brokerUrls, clientId, Optional.of(username), Optional.of(password), tls,
                ackFlushInterval, maxBatch, queueCapacity, persistentSession, sharedGroup);
    }

    public ReceiverSettings withAckFlushInterval(Duration interval) {
        return new ReceiverSettings(brokerUrls, clientId, username, password, tls, interval, maxBatch,
                queueCapacity, persistentSession, sharedGroup);
    }

    public ReceiverSettings withBatching(int maxBatch, int queueCapacity) {
        return new ReceiverSettings(brokerUrls, clientId, username, password, tls, ackFlushInterval, maxBatch,
                queueCapacity, persistentSession, sharedGroup);
    }

    /**
     * A clean session: for throw-away receivers (tests, one-off inspections) on a shared broker, which
     * must not leave a session behind that queues every record published after they leave.
     */
    public ReceiverSettings withCleanSession() {
        return new ReceiverSettings(brokerUrls, clientId, username, password, tls, ackFlushInterval, maxBatch,
                queueCapacity, false, sharedGroup);
    }

    /** Server verification on {@code ssl://} URLs (the receiver presents no client certificate). */
    public ReceiverSettings withTls(LinkSettings.Tls tls) {
        return new ReceiverSettings(brokerUrls, clientId, username, password, Optional.of(tls), ackFlushInterval,
                maxBatch, queueCapacity, persistentSession, sharedGroup);
    }

    /** Never prints the password: settings end up in logs. */
    @Override
    public String toString() {
        return "ReceiverSettings[brokerUrls=" + brokerUrls + ", clientId=" + clientId + ", username="
                + username.orElse("(none)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
                + ", tlsCaFile=" + tls.flatMap(LinkSettings.Tls::caFile).map(Object::toString).orElse("(system)")
                + ", ackFlushInterval=" + ackFlushInterval + ", maxBatch=" + maxBatch + ", queueCapacity="
                + queueCapacity + "]";
    }
}

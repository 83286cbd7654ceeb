package org.doudi.systemtest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doudi.central.CentralReceiver;
import org.doudi.central.Enrolments;
import org.doudi.central.ReceiverSettings;
import org.doudi.central.sqlite.SqliteReceivedStore;
import org.doudi.link.paho.PahoLink;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.doudi.security.CentreProtection;

/** The reference central receiver on a broker, with what tests need to check: ids stored, seq continuity. */
public final class Centre implements AutoCloseable {
    private final CentralReceiver receiver;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final List<Envelope> arrivalOrder = new CopyOnWriteArrayList<>();

    /** A receiver with a persistent session, as in production; for brokers the test owns. */
    public Centre(String brokerUrl, Path dir, String clientId) {
        this(ReceiverSettings.defaults(List.of(brokerUrl), clientId), dir);
    }

    /** A receiver on a shared broker (CI's Mosquitto): a clean session, so it leaves nothing queued behind. */
    public static Centre onSharedBroker(String brokerUrl, Path dir, String clientId) {
        return onSharedBroker(brokerUrl, dir, clientId, Optional.empty());
    }

    /** As above, requiring every record to come sealed and signed from a device it knows. */
    public static Centre onSharedBroker(String brokerUrl, Path dir, String clientId, Optional<CentreProtection> protection) {
        return onSharedBroker(brokerUrl, dir, clientId, protection, Optional.empty());
    }

    /** As above, also taking devices' enrolment announcements, as ./provision inbox --authority does. */
    public static Centre onSharedBroker(String brokerUrl, Path dir, String clientId, Optional<CentreProtection> protection,
            Optional<Enrolments> enrolments) {
        return new Centre(ReceiverSettings.defaults(List.of(brokerUrl), clientId).withCleanSession(), dir, protection,
                enrolments);
    }

    private Centre(ReceiverSettings settings, Path dir) {
        this(settings, dir, Optional.empty(), Optional.empty());
    }

    private Centre(ReceiverSettings settings, Path dir, Optional<CentreProtection> protection,
            Optional<Enrolments> enrolments) {
        receiver = new CentralReceiver(settings, SqliteReceivedStore.open(dir.resolve(settings.clientId() + ".db")),
                protection, enrolments, new PahoLink(), Clock.systemUTC());
        receiver.onStored(e -> {
            stored.add(e.recordId());
            arrivalOrder.add(e);
        });
        receiver.start();
    }

    /** Hears of every record stored for the first time, as the receiver hands it on (opened, if protected). */
    public void onStored(java.util.function.Consumer<Envelope> listener) {
        receiver.onStored(listener);
    }

    public Set<String> storedIds() {
        return stored;
    }

    /** First-time stores in the order the centre made them. */
    public List<Envelope> arrivalOrder() {
        return List.copyOf(arrivalOrder);
    }

    public long upTo(DeviceIdentity device) {
        return receiver.stats().device(device).map(CentralReceiver.DeviceView::upTo).orElse(0L);
    }

    public List<SeqRange> gaps(DeviceIdentity device) {
        return receiver.stats().device(device).map(CentralReceiver.DeviceView::gaps).orElse(List.of());
    }

    public CentralReceiver.Stats stats() {
        return receiver.stats();
    }

    public void awaitStored(Set<String> ids, Duration max) {
        Wait.until(ids.size() + " records at the centre", max, () -> stored.containsAll(ids),
                () -> "stored " + ids.stream().filter(stored::contains).count() + " of " + ids.size() + ", " + stats());
    }

    @Override
    public void close() {
        receiver.close();
    }
}

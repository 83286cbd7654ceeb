package org.doudi.central;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.doudi.link.Backoff;
import org.doudi.link.LinkBusy;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.LinkSupervisor;
import org.doudi.link.MqttLink;
import org.doudi.link.paho.PahoLink;
import org.doudi.protocol.Ack;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.protocol.MalformedMessage;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.Envelope;
import org.doudi.record.SeqRange;
import org.doudi.security.CentreProtection;
import org.doudi.security.RecordRefused;
import org.tinylog.Logger;

/**
 * The reference central receiver: takes every device's records off the broker, stores them durably
 * and idempotently, and only then tells each device what is stored with a retained {@link Ack}.
 *
 * <p>Threads: the link's event thread only classifies messages and queues records (statuses, small
 * and rare, are handled right there). One worker thread owns the store and the per-device
 * {@link SeqTracker}s: it stores a batch in one transaction, updates the trackers, and publishes at
 * most one ack per device per flush interval. Nothing is acknowledged that has not been committed.
 *
 * <p>Logs name devices, seqs and record ids, never payloads: payloads carry personal data.
 */
public final class CentralReceiver implements AutoCloseable {

    /** What the centre knows of one device. */
    public record DeviceView(DeviceIdentity device, long upTo, List<SeqRange> gaps, Optional<StatusView> status) {
        public DeviceView {
            gaps = List.copyOf(gaps);
        }
    }

    /**
     * The latest status a device announced.
     *
     * @param receivedAt when the centre got it; for a retained status that is when the centre
     *     subscribed, so {@link DeviceStatus#at()} (the device's clock) tells its age
     */
    public record StatusView(DeviceStatus status, Instant receivedAt) {
    }

    /**
     * Counters since start.
     *
     * @param received record messages taken off the broker, well-formed or not
     * @param stored records stored for the first time
     * @param duplicates records that were stored already (resends), acknowledged again
     * @param conflicts records kept aside because their seq or record_id was taken
     * @param malformed records and statuses that broke the protocol, ignored
     * @param refused records refused by the end-to-end checks (not sealed, unknown device, forged or
     *     altered, unreadable), not stored and not acknowledged
     * @param shed records dropped unacknowledged because the queue to the store was full
     * @param storeFailures records whose storing failed; unacknowledged, devices resend them
     */
    public record Stats(long received, long stored, long duplicates, long conflicts, long malformed, long refused,
            long shed,
            long storeFailures, LinkSupervisor.State link, Map<DeviceIdentity, DeviceView> devices) {
        public Stats {
            devices = Map.copyOf(devices);
        }

        public Optional<DeviceView> device(DeviceIdentity device) {
            return Optional.ofNullable(devices.get(device));
        }
    }

    private record Inbound(String topic, byte[] payload) {
    }

    private record Progress(long upTo, List<SeqRange> gaps) {
    }

    private static final Backoff RECONNECT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Acks go out in bursts of one per device; the window must hold a good part of a fleet. */
    private static final int MAX_INFLIGHT = 1000;
    /** After a failed transaction: long enough not to spin on a broken disk, short enough to recover fast. */
    private static final Duration PAUSE_AFTER_STORE_FAILURE = Duration.ofSeconds(1);
    private static final Duration WORKER_DRAIN_PATIENCE = Duration.ofSeconds(30);
    private static final String STATUS_AGENT_VERSION = "doudi-central-reference";
    private static final String CENTRAL_TOPIC_LEVEL = "central";
    private static final long LOG_EVERY_NTH_SHED = 1000;

    private static final MqttLink.Delivery BEST_EFFORT_DELIVERY = new MqttLink.Delivery() {
        @Override
        public void delivered() {
        }

        @Override
        public void failed(Throwable cause) {
            // A failed QoS 1 publish means the connection went; acks and our status are republished on reconnect.
            Logger.debug("Publication failed: {}", cause == null ? "unknown cause" : cause.toString());
        }
    };

    private final ReceiverSettings settings;
    private final Optional<CentreProtection> protection;
    private final Optional<Enrolments> enrolments;
    private final ReceivedStore store;
    private final MqttLink link;
    private final Clock clock;
    private final LinkSupervisor supervisor;
    private final String ownStatusTopic;
    private final BlockingQueue<Inbound> queue;

    // Owned by the worker thread (filled by start() before the worker exists).
    private final Map<DeviceIdentity, SeqTracker> trackers = new HashMap<>();
    private final Set<DeviceIdentity> acksDue = new LinkedHashSet<>();

    private final Map<DeviceIdentity, Progress> progressViews = new ConcurrentHashMap<>();
    private final DeviceStatuses statuses = new DeviceStatuses();
    private final List<Consumer<Envelope>> storedListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean republishAllAcks = new AtomicBoolean();
    /** Starts at the wall clock so sessions keep growing across restarts without a persisted counter. */
    private final AtomicLong sessions;
    private volatile long currentSession;

    private final LongAdder received = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong shed = new AtomicLong();
    private final LongAdder storeFailures = new LongAdder();

    private static final Duration GAP_CHECK_EVERY = Duration.ofSeconds(1);
    private Optional<GapResends> gapResends = Optional.empty();
    private long nextGapCheckAt = System.nanoTime();

    private volatile boolean stopping;
    private boolean started;
    private boolean closed;
    private Thread worker;

    /** Where a receiver with this client id publishes its own status and last will (a broker ACL grants it). */
    public static String statusTopic(String clientId) {
        return Topics.ROOT + "/" + CENTRAL_TOPIC_LEVEL + "/" + clientId + "/status";
    }

    /** A receiver on Eclipse Paho. It owns {@code store} from now on and closes it in {@link #close()}. */
    public CentralReceiver(ReceiverSettings settings, ReceivedStore store) {
        this(settings, store, Optional.empty(), new PahoLink(), Clock.systemUTC());
    }

    /**
     * @param protection present in production: every record must come sealed and signed from an
     *     enrolled device, and is opened before it is stored; absent, records are taken as they come
     */
    public CentralReceiver(ReceiverSettings settings, ReceivedStore store, Optional<CentreProtection> protection) {
        this(settings, store, protection, new PahoLink(), Clock.systemUTC());
    }

    /** A receiver on any {@link MqttLink}; it owns {@code store} and {@code link} and closes both. */
    public CentralReceiver(ReceiverSettings settings, ReceivedStore store, MqttLink link, Clock clock) {
        this(settings, store, Optional.empty(), link, clock);
    }

    public CentralReceiver(ReceiverSettings settings, ReceivedStore store, Optional<CentreProtection> protection,
            MqttLink link, Clock clock) {
        this(settings, store, protection, Optional.empty(), link, clock);
    }

    /**
     * @param enrolments present when this receiver also takes devices' enrolment announcements, so that
     *     {@code protection} learns the keys of newly enrolled devices
     */
    public CentralReceiver(ReceiverSettings settings, ReceivedStore store, Optional<CentreProtection> protection,
            Optional<Enrolments> enrolments, MqttLink link, Clock clock) {
        this.settings = settings;
        this.protection = protection;
        this.enrolments = enrolments;
        this.store = store;
        this.link = link;
        this.clock = clock;
        this.ownStatusTopic = statusTopic(settings.clientId());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.sessions = new AtomicLong(clock.millis());
        LinkSettings linkSettings = new LinkSettings(settings.brokerUrls(), settings.clientId(), settings.username(),
                settings.password(), settings.tls(), KEEP_ALIVE, CONNECT_TIMEOUT, MAX_INFLIGHT,
                settings.persistentSession());
        this.supervisor = new LinkSupervisor(link, linkSettings, RECONNECT_BACKOFF, STABLE_AFTER,
                sessions::incrementAndGet, this::lastWill, new LinkEvents(), RandomGenerator.getDefault());
    }

    /**
     * Called on the worker thread for every newly stored record, after its transaction committed and
     * before its ack goes out; keep it quick. A listener that throws is logged and skipped.
     */
    public void onStored(Consumer<Envelope> listener) {
        storedListeners.add(listener);
    }

    /**
     * Asks devices to send their missing seq ranges again ({@code resend} commands on their {@code cmd}
     * topics, retained) on the schedule of {@code resends}. Set before {@link #start()}.
     */
    public synchronized void resendGaps(GapResends resends) {
        if (started) {
            throw new IllegalStateException("gap resends are set before the receiver starts");
        }
        gapResends = Optional.of(resends);
    }

    /**
     * Rebuilds every device's progress from the store, then starts storing and connecting. Acks for
     * all known devices are republished on every (re)connect, so a broker that lost its retained
     * messages learns them again.
     *
     * @throws ReceivedStoreFailure if the store cannot be read
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("a receiver starts once");
        }
        started = true;
        for (DeviceIdentity device : store.devices()) {
            SeqTracker tracker = SeqTracker.of(store.progress(device).received());
            trackers.put(device, tracker);
            progressViews.put(device, new Progress(tracker.upTo(), tracker.gaps()));
        }
        Logger.info("Central receiver {} starting with {} stored records from {} devices", settings.clientId(),
                store.count(), trackers.size());
        worker = new Thread(this::storeAndAcknowledgeUntilStopped, "central-receiver");
        worker.setDaemon(true);
        worker.start();
        supervisor.start();
    }

    public Stats stats() {
        Set<DeviceIdentity> known = new HashSet<>(progressViews.keySet());
        Map<DeviceIdentity, StatusView> latestStatuses = statuses.all();
        known.addAll(latestStatuses.keySet());
        Map<DeviceIdentity, DeviceView> devices = new HashMap<>();
        for (DeviceIdentity device : known) {
            Progress progress = progressViews.getOrDefault(device, new Progress(0, List.of()));
            devices.put(device, new DeviceView(device, progress.upTo(), progress.gaps(),
                    Optional.ofNullable(latestStatuses.get(device))));
        }
        return new Stats(received.sum(), stored.sum(), duplicates.sum(), conflicts.sum(), malformed.sum(),
                refused.sum(), shed.get(), storeFailures.sum(), supervisor.state(), devices);
    }

    /** Stores what is queued, sends the acks still due, announces "offline: shutdown", disconnects, closes the store. */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = worker;
        }
        stopping = true;
        if (w != null) {
            try {
                w.join(WORKER_DRAIN_PATIENCE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        supervisor.stop(this::announceShutdown);
        supervisor.close();
        store.close();
    }

    private LinkSettings.LastWill lastWill(long session) {
        return new LinkSettings.LastWill(ownStatusTopic,
                DeviceStatus.lost(session, STATUS_AGENT_VERSION, clock.instant()).encode());
    }

    private void announceShutdown() {
        publishOwnStatus(DeviceStatus.shutdown(currentSession, STATUS_AGENT_VERSION, clock.instant(), queue.size()));
    }

    private void publishOwnStatus(DeviceStatus status) {
        try {
            link.publish(ownStatusTopic, status.encode(), true, BEST_EFFORT_DELIVERY);
        } catch (LinkException e) {
            Logger.debug("Receiver status not published: {}", e.getMessage());
        }
    }

    private final class LinkEvents implements LinkSupervisor.Listener {
        @Override
        public void connected(long session) throws LinkException {
            currentSession = session;
            link.subscribe(settings.sharedGroup().map(group -> "$share/" + group + "/" + Topics.ALL_RECORDS)
                    .orElse(Topics.ALL_RECORDS));
            link.subscribe(Topics.ALL_STATUS);
            if (enrolments.isPresent()) {
                link.subscribe(Topics.ALL_ENROLMENTS);
            }
            publishOwnStatus(DeviceStatus.online(session, STATUS_AGENT_VERSION, clock.instant(), queue.size()));
            republishAllAcks.set(true);
        }

        @Override
        public void disconnected() {
            // Acks that fall due meanwhile wait; all are republished on the next connect.
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            String[] levels = topic.split("/", -1);
            if (levels.length >= 6 && levels[4].equals("rec")) {
                queueRecord(topic, payload);
            } else if (levels.length == 5 && levels[4].equals("status")) {
                noteStatus(topic, payload);
            } else if (levels.length == 5 && levels[4].equals("enrol") && enrolments.isPresent()) {
                Topics.deviceOf(topic).ifPresent(device -> enrolments.get().announced(device, payload));
            }
        }
    }

    private void queueRecord(String topic, byte[] payload) {
        received.increment();
        if (!queue.offer(new Inbound(topic, payload))) {
            long dropped = shed.incrementAndGet();
            if (dropped % LOG_EVERY_NTH_SHED == 1) {
                Logger.warn("Receiver queue full ({} waiting); {} records dropped so far, their devices will resend them",
                        settings.queueCapacity(), dropped);
            }
        }
    }

    private void noteStatus(String topic, byte[] payload) {
        switch (statuses.note(topic, payload, clock.instant())) {
            case DeviceStatuses.Malformed m -> {
                malformed.increment();
                Logger.warn("Malformed status from device {} ignored: {}", m.device().deviceId(), m.problem());
            }
            case DeviceStatuses.Stale stale -> Logger.debug("Stale status of device {} (session {}) ignored",
                    stale.device().deviceId(), stale.status().session());
            case DeviceStatuses.Kept kept -> {
            }
            case DeviceStatuses.NotADeviceStatus ignored -> {
            }
        }
    }

    private void storeAndAcknowledgeUntilStopped() {
        long flushInterval = settings.ackFlushInterval().toNanos();
        long nextFlushAt = System.nanoTime();
        List<Inbound> batch = new ArrayList<>(settings.maxBatch());
        while (true) {
            boolean finishing = stopping;
            Inbound first;
            try {
                long wait = acksDue.isEmpty() ? flushInterval : Math.max(0, nextFlushAt - System.nanoTime());
                first = finishing ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                stopping = true;
                continue;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                storeBatch(batch);
                batch.clear();
            }
            if (republishAllAcks.getAndSet(false)) {
                acksDue.addAll(trackers.keySet());
            }
            long now = System.nanoTime();
            if (!acksDue.isEmpty() && now - nextFlushAt >= 0) {
                publishDueAcks();
                nextFlushAt = now + flushInterval;
            }
            if (gapResends.isPresent() && now - nextGapCheckAt >= 0) {
                requestResends(gapResends.get());
                nextGapCheckAt = now + GAP_CHECK_EVERY.toNanos();
            }
            if (finishing && first == null) {
                break;
            }
        }
        publishDueAcks();
    }

    private void requestResends(GapResends resends) {
        if (!link.isConnected()) {
            return;
        }
        Map<DeviceIdentity, List<SeqRange>> gaps = new HashMap<>();
        for (Map.Entry<DeviceIdentity, SeqTracker> own : List.copyOf(trackers.entrySet())) {
            // Only a device whose records here show a gap is looked up in the store: a real gap also shows
            // at the inbox that stored the records above it.
            if (own.getValue().gaps().isEmpty()) {
                continue;
            }
            List<SeqRange> missing = sharedTracker(own.getKey()).gaps();
            if (!missing.isEmpty()) {
                gaps.put(own.getKey(), missing);
            }
        }
        for (GapResends.Due due : resends.due(gaps, clock.instant())) {
            Optional<byte[]> command = resends.requests().resendCommand(due.device(), due.gap());
            if (command.isEmpty()) {
                continue;
            }
            try {
                // Retained: a device that is offline finds the request when it connects (clean sessions).
                link.publish(new Topics(due.device()).command(), command.get(), true, BEST_EFFORT_DELIVERY);
                Logger.info("Asked device {} to resend seqs {}", due.device().deviceId(), due.gap());
            } catch (LinkException e) {
                Logger.warn("Resend request to device {} not published ({}); asked again later",
                        due.device().deviceId(), e.getMessage());
                return;
            }
        }
    }

    private void storeBatch(List<Inbound> batch) {
        List<ReceivedEnvelope> wellFormed = new ArrayList<>(batch.size());
        for (Inbound in : batch) {
            decode(in).ifPresent(wellFormed::add);
        }
        if (wellFormed.isEmpty()) {
            return;
        }
        List<StoreResult> results;
        try {
            results = store.storeAll(wellFormed);
        } catch (ReceivedStoreFailure e) {
            storeFailures.add(wellFormed.size());
            Logger.error(e, "Storing {} records failed; none acknowledged, their devices will resend them",
                    wellFormed.size());
            pauseAfterStoreFailure();
            return;
        }
        Set<DeviceIdentity> changed = new LinkedHashSet<>();
        List<Envelope> newlyStored = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Envelope e = wellFormed.get(i).envelope();
            DeviceIdentity device = new DeviceIdentity(e.deviceId(), e.township());
            SeqTracker tracker = trackers.computeIfAbsent(device, d -> new SeqTracker());
            switch (results.get(i)) {
                case NEW -> {
                    stored.increment();
                    tracker.add(e.seq());
                    newlyStored.add(e);
                }
                case DUPLICATE -> {
                    duplicates.increment();
                    // The store says this seq is held; adding keeps the tracker right even if it was not.
                    tracker.add(e.seq());
                }
                case CONFLICT -> {
                    conflicts.increment();
                    Logger.warn("Conflicting record {} (device {}, seq {}) kept aside, not stored", e.recordId(),
                            e.deviceId(), e.seq());
                }
            }
            // Every arrival earns an ack, a resend included: the device is waiting for one.
            acksDue.add(device);
            changed.add(device);
        }
        for (DeviceIdentity device : changed) {
            SeqTracker tracker = trackers.get(device);
            progressViews.put(device, new Progress(tracker.upTo(), tracker.gaps()));
        }
        for (Envelope e : newlyStored) {
            notifyStored(e);
        }
    }

    private Optional<ReceivedEnvelope> decode(Inbound in) {
        Optional<DeviceIdentity> topicDevice = Topics.deviceOf(in.topic());
        if (topicDevice.isEmpty()) {
            malformed.increment();
            Logger.warn("Record on a topic outside the device tree ignored");
            return Optional.empty();
        }
        Envelope e;
        try {
            e = EnvelopeCodec.decode(in.payload());
        } catch (MalformedMessage ex) {
            malformed.increment();
            Logger.warn("Malformed record from device {} ignored: {}", topicDevice.get().deviceId(), ex.getMessage());
            return Optional.empty();
        } catch (RuntimeException ex) {
            // A decoder bug must cost one message, not the receiver.
            malformed.increment();
            Logger.error("Record from device {} could not be decoded ({}); ignored", topicDevice.get().deviceId(),
                    ex.getClass().getName());
            return Optional.empty();
        }
        String expectedTopic = new Topics(new DeviceIdentity(e.deviceId(), e.township())).record(e.type());
        if (!expectedTopic.equals(in.topic())) {
            malformed.increment();
            Logger.warn("Record {} (device {}, seq {}, type {}) arrived on a record topic of device {} that does not"
                    + " match it; ignored", e.recordId(), e.deviceId(), e.seq(), e.type().wireName(),
                    topicDevice.get().deviceId());
            return Optional.empty();
        }
        if (protection.isPresent()) {
            try {
                e = protection.get().check(e);
            } catch (RecordRefused r) {
                refused.increment();
                Logger.warn("Record {} (device {}, seq {}) refused, {}: {}", e.recordId(), e.deviceId(), e.seq(),
                        r.reason(), r.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new ReceivedEnvelope(e, in.payload()));
    }

    private void notifyStored(Envelope e) {
        for (Consumer<Envelope> listener : storedListeners) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                // The class only: a listener's message may quote the record.
                Logger.warn("A stored-record listener failed ({}) on record {}; the record is stored regardless",
                        ex.getClass().getName(), e.recordId());
            }
        }
    }

    /**
     * A device's received seqs. With a shared subscription this inbox sees only part of each device's
     * records, so they are read again from the store all the inboxes write to: an ack then covers what
     * any of them stored, and a seq a peer stored is no gap to ask for.
     */
    private SeqTracker sharedTracker(DeviceIdentity device) {
        if (settings.sharedGroup().isPresent()) {
            trackers.put(device, SeqTracker.of(store.progress(device).received()));
        }
        return trackers.get(device);
    }

    private void publishDueAcks() {
        if (acksDue.isEmpty() || !link.isConnected()) {
            return;
        }
        Instant serverTime = clock.instant();
        Iterator<DeviceIdentity> due = acksDue.iterator();
        while (due.hasNext()) {
            DeviceIdentity device = due.next();
            SeqTracker tracker = sharedTracker(device);
            Ack ack = new Ack(tracker.upTo(), tracker.rangesAbove(Ack.MAX_RANGES), serverTime);
            try {
                link.publish(new Topics(device).ack(), ack.encode(), true, BEST_EFFORT_DELIVERY);
                due.remove();
            } catch (LinkBusy e) {
                // The in-flight window is full; the rest go out with the next flush.
                return;
            } catch (LinkException e) {
                Logger.warn("Acks not published ({}); they go out with the next flush or reconnect", e.getMessage());
                return;
            }
        }
    }

    private void pauseAfterStoreFailure() {
        if (stopping) {
            return;
        }
        try {
            Thread.sleep(PAUSE_AFTER_STORE_FAILURE);
        } catch (InterruptedException e) {
            stopping = true;
        }
    }
}

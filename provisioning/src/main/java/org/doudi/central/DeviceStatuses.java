package org.doudi.central;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.MalformedMessage;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;

/**
 * The latest status each device announced on its status topic, as the receiver and the fleet view
 * ({@code provision devices}) both keep it. A status of an older session than the one kept is stale —
 * typically a last will the broker published late, after the device had already reconnected — and never
 * replaces the newer one. Thread-safe.
 */
public final class DeviceStatuses {

    /** What became of one message on a status topic. */
    public sealed interface Noted {
    }

    /** The device's status now. */
    public record Kept(DeviceIdentity device, CentralReceiver.StatusView view) implements Noted {
    }

    /** Older than the status already kept for the device; ignored. */
    public record Stale(DeviceIdentity device, DeviceStatus status) implements Noted {
    }

    /** Not a status by the protocol; ignored. {@code problem} says why, without quoting the message. */
    public record Malformed(DeviceIdentity device, String problem) implements Noted {
    }

    /**
     * Not a device's status (a receiver's own, under {@code doudi/v1/central/...}) or an empty message
     * clearing a retained one; ignored, and the status kept so far stays.
     */
    public record NotADeviceStatus() implements Noted {
    }

    private final Map<DeviceIdentity, CentralReceiver.StatusView> latest = new ConcurrentHashMap<>();

    /** Takes one message that arrived on {@code topic} at {@code receivedAt}, by the centre's clock. */
    public Noted note(String topic, byte[] payload, Instant receivedAt) {
        Optional<DeviceIdentity> device = Topics.deviceOf(topic);
        if (device.isEmpty() || payload.length == 0) {
            return new NotADeviceStatus();
        }
        DeviceStatus status;
        try {
            status = DeviceStatus.decode(payload);
        } catch (MalformedMessage e) {
            return new Malformed(device.get(), e.getMessage());
        }
        CentralReceiver.StatusView fresh = new CentralReceiver.StatusView(status, receivedAt);
        CentralReceiver.StatusView kept = latest.merge(device.get(), fresh,
                (old, candidate) -> candidate.status().session() >= old.status().session() ? candidate : old);
        return kept == fresh ? new Kept(device.get(), fresh) : new Stale(device.get(), status);
    }

    public Optional<CentralReceiver.StatusView> of(DeviceIdentity device) {
        return Optional.ofNullable(latest.get(device));
    }

    /** Every device heard from, with its latest status; a copy. */
    public Map<DeviceIdentity, CentralReceiver.StatusView> all() {
        return Map.copyOf(latest);
    }
}

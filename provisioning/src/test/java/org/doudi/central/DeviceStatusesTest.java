package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.Topics;
import org.doudi.record.DeviceIdentity;
import org.junit.jupiter.api.Test;

class DeviceStatusesTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-001", TestEnvelopes.TOWNSHIP);
    private static final String TOPIC = new Topics(DEVICE).status();
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    private final DeviceStatuses statuses = new DeviceStatuses();

    @Test
    void aLateWillOfAnOlderSessionIsStaleAndTheNewerStatusStays() {
        assertThat(statuses.note(TOPIC, DeviceStatus.online(7, "0.1.0", AT, 3).encode(), AT))
                .isInstanceOf(DeviceStatuses.Kept.class);
        DeviceStatuses.Noted lateWill = statuses.note(TOPIC, DeviceStatus.lost(6, "0.1.0", AT).encode(), AT);

        assertThat(lateWill).isEqualTo(new DeviceStatuses.Stale(DEVICE, DeviceStatus.lost(6, "0.1.0", AT)));
        assertThat(statuses.of(DEVICE).orElseThrow().status().state()).isEqualTo(DeviceStatus.State.ONLINE);
    }

    @Test
    void theWillOfTheSameSessionTakesOver() {
        statuses.note(TOPIC, DeviceStatus.online(7, "0.1.0", AT, 3).encode(), AT);
        Instant later = AT.plusSeconds(90);
        assertThat(statuses.note(TOPIC, DeviceStatus.lost(7, "0.1.0", AT).encode(), later))
                .isInstanceOf(DeviceStatuses.Kept.class);
        assertThat(statuses.of(DEVICE).orElseThrow().receivedAt()).isEqualTo(later);
    }

    @Test
    void malformedClearedAndNonDeviceMessagesChangeNothing() {
        statuses.note(TOPIC, DeviceStatus.online(7, "0.1.0", AT, 3).encode(), AT);

        assertThat(statuses.note(TOPIC, "{\"state\":\"sleepy\"}".getBytes(StandardCharsets.UTF_8), AT))
                .isInstanceOfSatisfying(DeviceStatuses.Malformed.class, m -> assertThat(m.device()).isEqualTo(DEVICE));
        assertThat(statuses.note(TOPIC, new byte[0], AT)).isInstanceOf(DeviceStatuses.NotADeviceStatus.class);
        assertThat(statuses.note(CentralReceiver.statusTopic("central-1"), DeviceStatus.online(9, "x", AT, 0).encode(),
                AT)).isInstanceOf(DeviceStatuses.NotADeviceStatus.class);
        assertThat(statuses.all()).containsOnlyKeys(DEVICE);
        assertThat(statuses.of(DEVICE).orElseThrow().status().session()).isEqualTo(7);
    }
}

package org.doudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceStatusTest {
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void theClockOffsetTravelsWhenKnownAndIsAbsentOtherwise() throws Exception {
        DeviceStatus measured = DeviceStatus.online(4, "0.1.0", AT, 12).withClockOffset(Duration.ofMillis(-1500));
        assertThat(DeviceStatus.decode(measured.encode())).isEqualTo(measured);
        DeviceStatus unknown = DeviceStatus.online(4, "0.1.0", AT, 12);
        assertThat(new String(unknown.encode(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("clock_offset");
        assertThat(DeviceStatus.decode(unknown.encode()).clockOffset()).isEmpty();
    }

    @Test
    void aStatusFromAnOlderAgentWithoutTheFieldStillDecodes() throws Exception {
        byte[] old = ("{\"v\":1,\"state\":\"online\",\"session\":3,\"reason\":\"connected\",\"agent_version\":\"0.0.9\","
                + "\"at\":\"2026-11-23T08:00:00Z\",\"backlog\":0}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(DeviceStatus.decode(old).clockOffset()).isEmpty();
        assertThat(DeviceStatus.decode(old).agentVersion()).isEqualTo("0.0.9");
    }
}

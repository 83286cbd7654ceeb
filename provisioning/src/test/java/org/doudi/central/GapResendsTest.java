package org.doudi.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;
import org.junit.jupiter.api.Test;

class GapResendsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final DeviceIdentity A = new DeviceIdentity("kiosk-001", "110101001");
    private static final DeviceIdentity B = new DeviceIdentity("kiosk-002", "110101001");
    private final GapResends resends = new GapResends((d, g) -> Optional.empty(), Duration.ofSeconds(10),
            Duration.ofSeconds(40), 2);

    @Test
    void aGapIsAskedForOnceOldThenWithADoublingDelayUpToTheCap() {
        Map<DeviceIdentity, List<SeqRange>> gaps = Map.of(A, List.of(new SeqRange(3, 5)));
        assertThat(resends.due(gaps, T0)).isEmpty();
        assertThat(resends.due(gaps, T0.plusSeconds(9))).isEmpty();
        List<Long> askedAt = new java.util.ArrayList<>();
        for (long s = 10; s <= 200; s++) {
            if (!resends.due(gaps, T0.plusSeconds(s)).isEmpty()) {
                askedAt.add(s);
            }
        }
        assertThat(askedAt).startsWith(10L, 20L, 40L, 80L, 120L, 160L);
    }

    @Test
    void aClosedGapIsForgottenAndAShrunkGapStartsAgain() {
        resends.due(Map.of(A, List.of(new SeqRange(3, 5))), T0);
        assertThat(resends.due(Map.of(A, List.of(new SeqRange(4, 5))), T0.plusSeconds(10))).isEmpty();
        assertThat(resends.due(Map.of(A, List.of(new SeqRange(4, 5))), T0.plusSeconds(20)))
                .containsExactly(new GapResends.Due(A, new SeqRange(4, 5)));
        assertThat(resends.due(Map.of(), T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void noMoreThanTheRoundsShareAtOnceAcrossTheFleet() {
        Map<DeviceIdentity, List<SeqRange>> gaps = Map.of(A, List.of(new SeqRange(1, 1), new SeqRange(3, 3)),
                B, List.of(new SeqRange(7, 9)));
        resends.due(gaps, T0);
        assertThat(resends.due(gaps, T0.plusSeconds(10))).hasSize(2);
        assertThat(resends.due(gaps, T0.plusSeconds(11))).hasSize(1);
    }
}

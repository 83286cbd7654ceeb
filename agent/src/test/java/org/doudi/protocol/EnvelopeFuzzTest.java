package org.doudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.Optional;
import org.doudi.record.Envelope;
import org.doudi.security.CentreProtection;
import org.doudi.security.Keys;
import org.doudi.security.RecordRefused;

/**
 * What any client may publish on a record topic reaches the centre's decoder and checks: they answer
 * with an envelope, a {@link MalformedMessage} or a {@link RecordRefused}, never anything else. Without
 * JAZZER_FUZZ this replays the seeds under EnvelopeFuzzTestInputs; with it, Jazzer mutates for 30 s.
 */
class EnvelopeFuzzTest {
    private static final Keys.DeviceSigningKey DEVICE_KEY = Keys.DeviceSigningKey.generate();
    private static final CentreProtection CENTRE = new CentreProtection(Keys.CentralPrivateKey.generate(),
            id -> Optional.ofNullable(Map.of("kiosk-fuzz-01", DEVICE_KEY.publicKey()).get(id)), false);

    @FuzzTest(maxDuration = "30s")
    void decodingAndCheckingOnlyEverAnswer(byte[] input) {
        Envelope decoded;
        try {
            decoded = EnvelopeCodec.decode(input);
        } catch (MalformedMessage expected) {
            return;
        }
        assertThat(decoded.recordId()).isNotEmpty();
        try {
            assertThat(CENTRE.check(decoded)).isNotNull();
        } catch (RecordRefused expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}

package org.doudi.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
import org.doudi.enrolment.EnrolmentAnnouncement;
import org.doudi.record.DeviceIdentity;
import org.doudi.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectionKeysTest {
    @TempDir
    Path dir;

    private AgentConfig config(Map<String, String> security) throws Exception {
        java.util.HashMap<String, String> values = new java.util.HashMap<>(security);
        values.put(Settings.DATA_DIR.key(), dir.resolve("data").toString());
        return AgentConfig.of(values);
    }

    @Test
    void aDeviceWithoutKeysIsNotProtectedAndSaysSoNowhereElse() throws Exception {
        assertThat(ProtectionKeys.load(config(Map.of()))).isEmpty();
    }

    @Test
    void bothKeysGiveSealingAndSigning() throws Exception {
        Path device = Files.writeString(dir.resolve("device.key"), Keys.DeviceSigningKey.generate().toPem());
        Path centre = Files.writeString(dir.resolve("centre.pub"), Keys.CentralPrivateKey.generate().publicKey().toPem());
        assertThat(ProtectionKeys.load(config(Map.of(Settings.SECURITY_DEVICE_KEY.key(), device.toString(),
                Settings.SECURITY_CENTRAL_KEY.key(), centre.toString())))).isPresent();
    }

    @Test
    void oneKeyWithoutTheOtherIsRefusedSayingTheyGoTogether() throws Exception {
        Path device = Files.writeString(dir.resolve("device.key"), Keys.DeviceSigningKey.generate().toPem());
        assertThat(catchThrowableOfType(ConfigException.class, () -> ProtectionKeys.load(
                config(Map.of(Settings.SECURITY_DEVICE_KEY.key(), device.toString())))))
                .hasMessageContaining("go together");
    }

    @Test
    void aKeyOfTheWrongKindIsRefusedNamingWhichKey() throws Exception {
        Path device = Files.writeString(dir.resolve("device.key"), Keys.DeviceSigningKey.generate().toPem());
        Path wrong = Files.writeString(dir.resolve("centre.pub"), Keys.DeviceSigningKey.generate().publicKey().toPem());
        assertThat(catchThrowableOfType(ConfigException.class, () -> ProtectionKeys.load(config(Map.of(
                Settings.SECURITY_DEVICE_KEY.key(), device.toString(), Settings.SECURITY_CENTRAL_KEY.key(),
                wrong.toString()))))).hasMessageContaining("centre's sealing key");
    }

    @Test
    void theAnnouncementCarriesTheSealingKeyUnderTheSignatureAndAWrongKindIsRefused() throws Exception {
        Keys.DeviceSigningKey signing = Keys.DeviceSigningKey.generate();
        Keys.DeviceSealingKey sealing = Keys.DeviceSealingKey.generate();
        Path device = Files.writeString(dir.resolve("device.key"), signing.toPem());
        Path sealingFile = Files.writeString(dir.resolve("device-sealing.key"), sealing.toPem());
        DeviceIdentity identity = new DeviceIdentity("kiosk-0042", "110101001");

        byte[] announced = ProtectionKeys.enrolmentAnnouncement(config(Map.of(Settings.SECURITY_DEVICE_KEY.key(),
                device.toString(), Settings.SECURITY_DEVICE_SEALING_KEY.key(), sealingFile.toString(),
                Settings.SECURITY_ENROLMENT_ID.key(), "00112233445566778899aabbccddeeff")), identity,
                Clock.systemUTC()).orElseThrow();

        EnrolmentAnnouncement decoded = EnrolmentAnnouncement.decode(announced);
        assertThat(decoded.verifiedKey().keyId()).isEqualTo(signing.keyId());
        assertThat(decoded.sealingKey().map(Keys.DeviceSealingPublicKey::keyId)).contains(sealing.keyId());

        Path wrong = Files.writeString(dir.resolve("wrong.key"), Keys.DeviceSigningKey.generate().toPem());
        assertThat(catchThrowableOfType(ConfigException.class, () -> ProtectionKeys.sealingKey(config(Map.of(
                Settings.SECURITY_DEVICE_SEALING_KEY.key(), wrong.toString())))))
                .hasMessageContaining("security.device-sealing-key");
    }
}

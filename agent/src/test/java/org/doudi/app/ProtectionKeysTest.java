package org.doudi.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;
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
}

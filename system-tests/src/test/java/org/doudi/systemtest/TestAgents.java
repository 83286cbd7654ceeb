package org.doudi.systemtest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.doudi.config.AgentConfig;
import org.doudi.config.ConfigException;
import org.doudi.config.Settings;

/** Agent configurations for tests: fast reconnects and ack timeouts, everything else as shipped. */
public final class TestAgents {
    public static final String TOWNSHIP = "110101001";

    private TestAgents() {
    }

    public static AgentConfig config(Path dataDir, String brokerUrl, String deviceId, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                Settings.DATA_DIR.key(), dataDir.toString(),
                Settings.BROKER_URL.key(), brokerUrl,
                Settings.DEVICE_ID.key(), deviceId,
                Settings.TOWNSHIP.key(), TOWNSHIP,
                Settings.RECONNECT_INITIAL.key(), "100ms",
                Settings.RECONNECT_MAX.key(), "1s",
                Settings.KEEPALIVE.key(), "2s",
                Settings.CONNECT_TIMEOUT.key(), "2s",
                Settings.ACK_TIMEOUT.key(), "3s",
                Settings.DRAIN_RATE.key(), "0"));
        values.put(Settings.REFUSE_BELOW_MB.key(), "0");
        values.put(Settings.SHED_BELOW_MB.key(), "0");
        values.put(Settings.RESERVE_MB.key(), "0");
        values.putAll(extra);
        try {
            return AgentConfig.of(values);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static String uniqueDeviceId(String stem) {
        return stem + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    }
}

package org.doudi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: with the JUL bridge's "everything" level, Paho built a FINE message for every publish and
 * every PUBACK, only for tinylog to drop it.
 */
class JulLevelsTest {
    @AfterEach
    void restore() {
        LogSetup.matchJulLevels("info", Map.of());
    }

    @Test
    void librariesSkipWhatTheConfiguredLevelsWouldDrop() {
        org.tinylog.jul.JulTinylogBridge.activate();
        LogSetup.matchJulLevels("info", Map.of("org.eclipse.paho", "warn", "org.doudi.link", "debug"));

        assertThat(Logger.getLogger("org.eclipse.paho.client.mqttv3.internal.ClientState").isLoggable(Level.FINE)).isFalse();
        assertThat(Logger.getLogger("org.eclipse.paho.client.mqttv3.internal.ClientState").isLoggable(Level.WARNING)).isTrue();
        assertThat(Logger.getLogger("com.example.other").isLoggable(Level.FINE)).isFalse();
        assertThat(Logger.getLogger("com.example.other").isLoggable(Level.INFO)).isTrue();
        assertThat(Logger.getLogger("org.doudi.link.paho").isLoggable(Level.FINE)).isTrue();
    }

    @Test
    void levelsSurviveGarbageCollection() {
        LogSetup.matchJulLevels("info", Map.of("org.eclipse.paho", "error"));
        System.gc();
        assertThat(Logger.getLogger("org.eclipse.paho.client.mqttv3").isLoggable(Level.WARNING)).isFalse();
    }
}

package org.doudi.provisioning.cli;

import java.util.List;
import java.util.UUID;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The Mosquitto on 127.0.0.1:1883 that other tests share: a plain Paho client plays the devices, with a
 * unique client id and a clean session, and removes the retained messages its test caused.
 */
final class SharedMosquitto implements AutoCloseable {
    static final String URL = "tcp://127.0.0.1:1883";

    final MqttClient client;

    private SharedMosquitto(MqttClient client) {
        this.client = client;
    }

    /** Skips the test with the reason where the broker is absent (fails it in CI). */
    static SharedMosquitto connect(String prefix) throws MqttException {
        Prerequisites.require(LocalPorts.listening(1883), "Mosquitto not reachable on 127.0.0.1:1883 — skipped");
        MqttClient client = new MqttClient(URL, prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        return new SharedMosquitto(client);
    }

    void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, true);
    }

    /** An empty retained message deletes the one retained on the topic. */
    void clearRetained(List<String> topics) throws MqttException {
        for (String topic : topics) {
            client.publish(topic, new byte[0], 1, true);
        }
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}

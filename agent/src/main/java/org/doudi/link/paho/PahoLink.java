package org.doudi.link.paho;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.doudi.link.LinkBusy;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.Logger;

/**
 * {@link MqttLink} on Eclipse Paho mqttv3 1.2.5, used so that none of its traps can bite: a new client
 * for every connection with in-memory persistence (the outbox, not Paho, remembers what is unsent;
 * devices also use a clean session), no automatic reconnect (the supervisor owns retries), and every callback handed
 * straight to our own event thread because Paho's single callback thread must never block.
 */
public final class PahoLink implements MqttLink {
    private static final int QOS_AT_LEAST_ONCE = 1;

    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mqtt-events");
        t.setDaemon(true);
        return t;
    });
    private volatile MqttAsyncClient client;
    private volatile Duration operationTimeout = Duration.ofSeconds(10);

    @Override
    public void connect(LinkSettings settings, LinkSettings.LastWill will, Events listener) throws LinkException {
        closeClient();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setServerURIs(settings.brokerUrls().toArray(String[]::new));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(!settings.persistentSession());
        options.setAutomaticReconnect(false);
        options.setMaxInflight(settings.maxInflight());
        options.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setWill(will.topic(), will.payload(), QOS_AT_LEAST_ONCE, true);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        if (settings.tls().isPresent()) {
            options.setSocketFactory(TlsSocketFactories.create(settings.tls().get()));
            options.setHttpsHostnameVerificationEnabled(true);
        }
        operationTimeout = settings.connectTimeout();
        MqttAsyncClient fresh;
        try {
            fresh = new MqttAsyncClient(settings.brokerUrls().get(0), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new LinkException("broker URL or client id rejected by the MQTT client", e);
        }
        fresh.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.execute(() -> listener.connectionLost(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                events.execute(() -> listener.messageArrived(topic, payload));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Per-message listeners report deliveries.
            }
        });
        try {
            fresh.connect(options).waitForCompletion(settings.connectTimeout().toMillis() + 2000);
        } catch (MqttException e) {
            closeQuietly(fresh);
            throw new LinkException("connect failed: " + describe(e), e);
        }
        client = fresh;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws LinkException {
        MqttAsyncClient c = connectedClient();
        try {
            c.publish(topic, payload, QOS_AT_LEAST_ONCE, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    delivery.delivered();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    delivery.failed(cause);
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                throw new LinkBusy();
            }
            throw new LinkException("publish failed: " + describe(e), e);
        }
    }

    @Override
    public void subscribe(String topicFilter) throws LinkException {
        MqttAsyncClient c = connectedClient();
        try {
            IMqttToken token = c.subscribe(topicFilter, QOS_AT_LEAST_ONCE);
            token.waitForCompletion(operationTimeout.toMillis());
            int[] granted = token.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                throw new LinkException("the broker refused the subscription (check its ACL for this device)");
            }
        } catch (MqttException e) {
            throw new LinkException("subscribe failed: " + describe(e), e);
        }
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void disconnect(Duration quiesce) {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(quiesce.toMillis()).waitForCompletion(quiesce.toMillis() + 1000);
            }
        } catch (MqttException e) {
            Logger.debug("Polite disconnect failed ({}); closing anyway", describe(e));
        }
        closeClient();
    }

    @Override
    public void close() {
        closeClient();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MqttAsyncClient connectedClient() throws LinkException {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            throw new LinkException("not connected");
        }
        return c;
    }

    private void closeClient() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 500, false);
            }
        } catch (MqttException ignored) {
            // Already gone.
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // Nothing left to release.
        }
    }

    /** Paho's reason code and message; never includes payloads. */
    static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + " (code " + e.getReasonCode() + ")"
                + (cause == null ? "" : ": " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    }
}

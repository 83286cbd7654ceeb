package org.doudi.central;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;
import org.doudi.link.MqttLink;

/** An in-memory {@link MqttLink}: records what the receiver publishes and lets a test play the broker. */
final class FakeLink implements MqttLink {
    record Published(String topic, byte[] payload, boolean retained) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();
    final List<String> subscriptions = new CopyOnWriteArrayList<>();
    final List<LinkSettings.LastWill> wills = new CopyOnWriteArrayList<>();
    private volatile Events events;
    private volatile boolean connected;

    @Override
    public void connect(LinkSettings settings, LinkSettings.LastWill will, Events listener) {
        wills.add(will);
        events = listener;
        connected = true;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws LinkException {
        if (!connected) {
            throw new LinkException("not connected");
        }
        published.add(new Published(topic, payload, retained));
        delivery.delivered();
    }

    @Override
    public void subscribe(String topicFilter) throws LinkException {
        if (!connected) {
            throw new LinkException("not connected");
        }
        subscriptions.add(topicFilter);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void disconnect(Duration quiesce) {
        connected = false;
    }

    @Override
    public void close() {
        connected = false;
    }

    /** What the broker would hand the receiver for a subscribed topic. */
    void deliver(String topic, byte[] payload) {
        events.messageArrived(topic, payload);
    }

    /** The connection breaks under the receiver. */
    void drop() {
        connected = false;
        events.connectionLost(new java.io.IOException("simulated network loss"));
    }
}

package org.doudi.link;

import java.time.Duration;

/**
 * The small surface the agent needs from an MQTT 3.1.1 client. The client library behind it keeps no
 * state the agent relies on: every connection starts clean and the outbox decides what to send.
 * {@link Events} are called on the link's own event thread, never on the client library's thread;
 * {@link Delivery} outcomes are not (see there).
 */
public interface MqttLink extends AutoCloseable {

    /**
     * Hears how one publish ended. Called on the client library's own thread the moment the outcome is
     * known — a hop through another thread for every record cost the drain a good part of its speed — so
     * an implementation must return at once: no I/O, no waiting, no lock held by anything slow. It may
     * publish (the drainer refills the freed slot there): a publish only queues the message.
     */
    interface Delivery {
        /** For status messages: they are retained and re-sent on the next connection anyway. */
        Delivery IGNORED = new Delivery() {
            @Override
            public void delivered() {
            }

            @Override
            public void failed(Throwable cause) {
            }
        };

        void delivered();

        void failed(Throwable cause);
    }

    interface Events {
        void connectionLost(Throwable cause);

        void messageArrived(String topic, byte[] payload);
    }

    /** Opens a new connection (blocking up to the connect timeout). */
    void connect(LinkSettings settings, LinkSettings.LastWill will, Events events) throws LinkException;

    /** QoS 1 publish; {@code delivery} hears of the broker's PUBACK. */
    void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws LinkException;

    void subscribe(String topicFilter) throws LinkException;

    boolean isConnected();

    /** Closes the connection politely, waiting up to {@code quiesce} for in-flight work. */
    void disconnect(Duration quiesce);

    @Override
    void close();
}

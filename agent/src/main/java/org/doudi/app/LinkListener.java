package org.doudi.app;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.doudi.clock.ClockTrust;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSupervisor;
import org.doudi.link.MqttLink;
import org.doudi.outbox.Outbox;
import org.doudi.protocol.DeviceStatus;
import org.doudi.protocol.Topics;
import org.doudi.sync.AckReceiver;
import org.doudi.sync.AgentFacts;
import org.doudi.sync.OutboxDrainer;
import org.tinylog.Logger;

/** What happens as the link comes and goes: subscribe to acks and commands, announce ourselves, start or stop draining. */
final class LinkListener implements LinkSupervisor.Listener {
    private final MqttLink link;
    private final Topics topics;
    private final OutboxDrainer drainer;
    private final AckReceiver acks;
    private final Outbox outbox;
    private final Clock clock;
    private final Optional<byte[]> enrolment;
    private final Consumer<byte[]> commands;
    private final ClockTrust clockTrust;
    /** The session of the connection that is up; empty while down. */
    private volatile OptionalLong connectedSession = OptionalLong.empty();

    /**
     * @param enrolment the signed enrolment announcement of an enrolled device, published at every connection
     * @param commands hears each message on the device's command topic; must hand it on, not run it
     */
    LinkListener(MqttLink link, Topics topics, OutboxDrainer drainer, AckReceiver acks, Outbox outbox, Clock clock,
            ClockTrust clockTrust, Optional<byte[]> enrolment, Consumer<byte[]> commands) {
        this.clockTrust = clockTrust;
        this.commands = commands;
        this.link = link;
        this.topics = topics;
        this.drainer = drainer;
        this.acks = acks;
        this.outbox = outbox;
        this.clock = clock;
        this.enrolment = enrolment;
    }

    @Override
    public void connected(long session) throws LinkException {
        link.subscribe(topics.ack());
        link.subscribe(topics.command());
        byte[] online = onlineStatus(session);
        // Before any record: the centre must know the key before the first signed record arrives. Retained, so an
        // inbox that was down learns it later; sent every time, so a centre that lost it learns it again.
        if (enrolment.isPresent()) {
            link.publish(topics.enrolment(), enrolment.get(), true, MqttLink.Delivery.IGNORED);
        }
        link.publish(topics.status(), online, true, MqttLink.Delivery.IGNORED);
        connectedSession = OptionalLong.of(session);
        drainer.linkUp();
    }

    @Override
    public void disconnected() {
        connectedSession = OptionalLong.empty();
        drainer.linkDown();
    }

    /** Republishes the retained online status, so the fleet view sees a fresh backlog, clock offset and "last seen". */
    void refreshStatus() {
        OptionalLong session = connectedSession;
        if (session.isEmpty()) {
            return;
        }
        try {
            link.publish(topics.status(), onlineStatus(session.getAsLong()), true, MqttLink.Delivery.IGNORED);
        } catch (LinkException e) {
            Logger.debug("Status refresh not sent: {}", e.getMessage());
        }
    }

    private byte[] onlineStatus(long session) {
        DeviceStatus online = DeviceStatus.online(session, Agent.VERSION, clock.instant(), outbox.counts().unacknowledged());
        return clockTrust.observedSkew().map(online::withClockOffset).orElse(online).encode();
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
        if (topic.equals(topics.ack())) {
            acks.received(payload);
        } else if (topic.equals(topics.command())) {
            commands.accept(payload);
        } else {
            Logger.debug("Ignored a message on an unexpected topic");
        }
    }

    @Override
    public void stateChanged(LinkSupervisor.State state) {
        outbox.putFact(AgentFacts.LINK_STATE, state.name());
        outbox.putFact(AgentFacts.LINK_SINCE, clock.instant().toString());
    }
}

package org.doudi.app;

import java.time.Clock;
import java.util.function.Consumer;
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
    private final Consumer<byte[]> commands;

    LinkListener(MqttLink link, Topics topics, OutboxDrainer drainer, AckReceiver acks, Outbox outbox, Clock clock,
            Consumer<byte[]> commands) {
        this.commands = commands;
        this.link = link;
        this.topics = topics;
        this.drainer = drainer;
        this.acks = acks;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void connected(long session) throws LinkException {
        link.subscribe(topics.ack());
        link.subscribe(topics.command());
        byte[] online = DeviceStatus.online(session, Agent.VERSION, clock.instant(), outbox.counts().unacknowledged())
                .encode();
        link.publish(topics.status(), online, true, MqttLink.Delivery.IGNORED);
        drainer.linkUp();
    }

    @Override
    public void disconnected() {
        drainer.linkDown();
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

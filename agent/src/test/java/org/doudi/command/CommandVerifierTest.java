package org.doudi.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.doudi.protocol.Json;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.RecordIds;
import org.doudi.record.SeqRange;
import org.doudi.security.Keys;
import org.junit.jupiter.api.Test;

class CommandVerifierTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-0042", "110101001");
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private final Keys.CommandSigningKey office = Keys.CommandSigningKey.generate();
    private final CommandVerifier verifier = new CommandVerifier(DEVICE, Optional.of(office.publicKey()), Instant.EPOCH);

    private static Command command(DeviceIdentity target, long number, CommandAction action) {
        return new Command(RecordIds.next(), target, NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)), number, action);
    }

    private byte[] signed(Command c) {
        return CommandCodec.encode(SignedCommand.sign(c, office));
    }

    @Test
    void aGenuineNewCommandIsAcceptedAndRoundTrips() {
        Command c = command(DEVICE, 5, new CommandAction.Resend(new SeqRange(3, 9)));
        CommandCheck check = verifier.check(signed(c), 4, NOW);
        assertThat(check).isInstanceOfSatisfying(CommandCheck.Accepted.class,
                a -> assertThat(a.command().command()).isEqualTo(c));
    }

    @Test
    void configValuesRoundTripSorted() {
        Command c = command(DEVICE, 1, CommandAction.ConfigUpdate.of(Map.of("log.level", "debug", "drain.rate", "50")));
        assertThat(verifier.check(signed(c), 0, NOW)).isInstanceOfSatisfying(CommandCheck.Accepted.class,
                a -> assertThat(a.command().command().action()).isEqualTo(c.action()));
    }

    @Test
    void sealedCredentialsRoundTripAndAreSigned() throws Exception {
        Keys.DeviceSealingKey deviceKey = Keys.DeviceSealingKey.generate();
        String id = RecordIds.next();
        Command c = new Command(id, DEVICE, NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)), 1,
                new CommandAction.RotateCredentials(new BrokerCredentials("kiosk-0042", "pw-1")
                        .seal(deviceKey.publicKey(), id, DEVICE)));
        byte[] message = signed(c);
        assertThat(new String(message, StandardCharsets.UTF_8)).doesNotContain("pw-1");
        assertThat(verifier.check(message, 0, NOW)).isInstanceOfSatisfying(CommandCheck.Accepted.class, a -> {
            assertThat(a.command().command()).isEqualTo(c);
        });
        CommandAction.RotateCredentials rotation = (CommandAction.RotateCredentials) c.action();
        assertThat(BrokerCredentials.open(deviceKey, rotation.credentials(), id, DEVICE).password()).isEqualTo("pw-1");

        String text = new String(message, StandardCharsets.UTF_8);
        String ct = Json.parse(message, "test").path("args").path("ct").asText();
        String altered = ct.substring(0, 4) + (ct.charAt(4) == 'A' ? 'B' : 'A') + ct.substring(5);
        byte[] swapped = text.replace(ct, altered).getBytes(StandardCharsets.UTF_8);
        assertRefused(verifier.check(swapped, 0, NOW), CommandRefusal.BAD_SIGNATURE);
    }

    @Test
    void aTamperedCommandHasABadSignature() {
        byte[] message = signed(command(DEVICE, 5, new CommandAction.Resend(new SeqRange(3, 9))));
        byte[] tampered = new String(message, StandardCharsets.UTF_8).replace("\"last\":9", "\"last\":900")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(tampered).isNotEqualTo(message);
        assertRefused(verifier.check(tampered, 0, NOW), CommandRefusal.BAD_SIGNATURE);
    }

    @Test
    void anExpiredCommandIsRefused() {
        assertRefused(verifier.check(signed(command(DEVICE, 5, new CommandAction.Wipe())), 0, NOW.plus(Duration.ofHours(2))),
                CommandRefusal.EXPIRED);
    }

    @Test
    void aNumberBelowTheHighestAcceptedIsAReplayAndTheSameNumberIsTheRetainedCopy() {
        byte[] message = signed(command(DEVICE, 5, new CommandAction.Wipe()));
        assertRefused(verifier.check(message, 6, NOW), CommandRefusal.REPLAYED);
        assertThat(verifier.check(message, 5, NOW)).isInstanceOf(CommandCheck.AlreadyRun.class);
    }

    @Test
    void aCommandIssuedBeforeTheDevicesDataBeganIsForAnEarlierEnrolment() {
        CommandVerifier reEnrolled = new CommandVerifier(DEVICE, Optional.of(office.publicKey()), NOW);
        assertRefused(reEnrolled.check(signed(command(DEVICE, 9, new CommandAction.Wipe())), 0, NOW),
                CommandRefusal.REPLAYED);
    }

    @Test
    void aCommandForAnotherDeviceOrTownshipIsRefused() {
        assertRefused(verifier.check(signed(command(new DeviceIdentity("kiosk-0043", "110101001"), 1,
                new CommandAction.Wipe())), 0, NOW), CommandRefusal.NOT_FOR_THIS_DEVICE);
        assertRefused(verifier.check(signed(command(new DeviceIdentity("kiosk-0042", "110101002"), 1,
                new CommandAction.Wipe())), 0, NOW), CommandRefusal.NOT_FOR_THIS_DEVICE);
    }

    @Test
    void aCommandSignedWithAnotherKeyIsRefusedAsUnknownKey() {
        Keys.CommandSigningKey other = Keys.CommandSigningKey.generate();
        byte[] message = CommandCodec.encode(SignedCommand.sign(command(DEVICE, 1, new CommandAction.Wipe()), other));
        assertRefused(verifier.check(message, 0, NOW), CommandRefusal.UNKNOWN_KEY);
    }

    @Test
    void withoutACommandKeyNothingIsTrusted() {
        CommandVerifier keyless = new CommandVerifier(DEVICE, Optional.empty(), Instant.EPOCH);
        assertRefused(keyless.check(signed(command(DEVICE, 1, new CommandAction.Wipe())), 0, NOW),
                CommandRefusal.NO_COMMAND_KEY);
    }

    @Test
    void garbageAndUnknownTypesAreReportedWithoutRunning() {
        assertRefused(verifier.check("not json".getBytes(StandardCharsets.UTF_8), 0, NOW), CommandRefusal.MALFORMED);
        String unknown = new String(signed(command(DEVICE, 1, new CommandAction.Wipe())), StandardCharsets.UTF_8)
                .replace("\"type\":\"wipe\"", "\"type\":\"reboot\"");
        CommandCheck check = verifier.check(unknown.getBytes(StandardCharsets.UTF_8), 0, NOW);
        assertRefused(check, CommandRefusal.UNSUPPORTED);
        assertThat(((CommandCheck.Refused) check).commandId()).isPresent();
    }

    private static void assertRefused(CommandCheck check, CommandRefusal reason) {
        assertThat(check).isInstanceOfSatisfying(CommandCheck.Refused.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }
}

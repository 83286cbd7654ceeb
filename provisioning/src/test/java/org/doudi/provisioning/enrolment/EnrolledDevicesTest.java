package org.doudi.provisioning.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.doudi.enrolment.DeviceRole;
import org.doudi.enrolment.EnrolmentAnnouncement;
import org.doudi.enrolment.EnrolmentBundle;
import org.doudi.provisioning.authority.Authority;
import org.doudi.record.DeviceIdentity;
import org.doudi.security.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The centre's half of single use: the first key presented with the issued enrolment id is pinned, no other. */
class EnrolledDevicesTest {
    private static final String ENROLMENT_ID = "00112233445566778899aabbccddeeff";
    private static final DeviceIdentity DEVICE = new DeviceIdentity("kiosk-0042", "110101001");

    @TempDir
    Path dir;

    private DeviceRecords records;
    private EnrolledDevices devices;

    @BeforeEach
    void anOfficeThatAddedOneDevice() throws Exception {
        Authority office = Authority.create(dir.resolve("authority"), Optional.empty(), Optional.empty(), Clock.systemUTC());
        records = new DeviceRecords(office);
        Instant now = Instant.now();
        records.recordIssued(new EnrolmentBundle(ENROLMENT_ID, now, now.plus(Duration.ofHours(72)), DEVICE,
                DeviceRole.KIOSK, List.of("tcp://127.0.0.1:1883"), DEVICE.deviceId(), "password", List.of(),
                new byte[0], new byte[0], new byte[0], new byte[0],
                new EnrolmentBundle.KioskSettings(List.of("zh-CN"), Duration.ofMinutes(3), List.of())),
                "kiosk-0042:hash", "user kiosk-0042\n");
        devices = new EnrolledDevices(records, Clock.systemUTC());
    }

    @Test
    void theFirstKeyWithTheIssuedIdIsPinnedWithItsSealingKeyAndAnnouncingItAgainIsFine() throws Exception {
        Keys.DeviceSigningKey key = Keys.DeviceSigningKey.generate();
        Keys.DeviceSealingKey sealing = Keys.DeviceSealingKey.generate();

        EnrolledDevices.Outcome first = devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, key, sealing));
        EnrolledDevices.Outcome again = devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, key, sealing));

        assertThat(first).isInstanceOfSatisfying(EnrolledDevices.Outcome.Pinned.class,
                pinned -> assertThat(pinned.key().keyId()).isEqualTo(key.keyId()));
        assertThat(again).isInstanceOf(EnrolledDevices.Outcome.AlreadyPinned.class);
        assertThat(new EnrolledDevices(records, Clock.systemUTC()).key(DEVICE.deviceId()).map(Keys.DevicePublicKey::keyId))
                .contains(key.keyId());
        assertThat(Files.readString(records.directory(DEVICE).resolve(DeviceRecords.ENROLMENT_FILE)))
                .contains("state=enrolled", "device-key-id=" + key.keyId().value());
        assertThat(records.pinnedSealingKey(DEVICE.deviceId())).contains(sealing.publicKey().toPem());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                records.directory(DEVICE).resolve(DeviceRecords.SEALING_KEY_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void anAnnouncementOfAnOlderDeviceWithoutASealingKeyStillPinsItsSigningKey() throws Exception {
        Keys.DeviceSigningKey key = Keys.DeviceSigningKey.generate();
        byte[] older = EnrolmentAnnouncement.sign(ENROLMENT_ID, DEVICE, key, Optional.empty(),
                Instant.parse("2026-11-23T08:00:00Z")).encode();
        assertThat(new String(older, StandardCharsets.UTF_8)).doesNotContain("sealing_key");

        assertThat(devices.accept(DEVICE, older)).isInstanceOf(EnrolledDevices.Outcome.Pinned.class);
        assertThat(records.pinnedSealingKey(DEVICE.deviceId())).isEmpty();
    }

    @Test
    void aSealingKeySwappedIntoTheAnnouncementBreaksItsSignature() throws Exception {
        Keys.DeviceSigningKey key = Keys.DeviceSigningKey.generate();
        Keys.DeviceSealingKey genuine = Keys.DeviceSealingKey.generate();
        String mine = Keys.DeviceSealingKey.generate().publicKey().toPem();
        EnrolmentAnnouncement announced = EnrolmentAnnouncement.decode(announce(ENROLMENT_ID, DEVICE, key, genuine));
        byte[] swapped = new EnrolmentAnnouncement(announced.enrolmentId(), announced.device(),
                announced.publicKeyPem(), Optional.of(mine), announced.at(), announced.signature()).encode();

        assertThat(devices.accept(DEVICE, swapped)).isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(records.pinnedSealingKey(DEVICE.deviceId())).isEmpty();
    }

    @Test
    void aSecondDevicePresentingTheSameBundleIsRefused() {
        Keys.DeviceSigningKey first = Keys.DeviceSigningKey.generate();
        Keys.DeviceSigningKey copy = Keys.DeviceSigningKey.generate();
        devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, first));

        EnrolledDevices.Outcome second = devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, copy));

        assertThat(second).isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(((EnrolledDevices.Outcome.Refused) second).reason()).contains("already used by another key");
        assertThat(devices.key(DEVICE.deviceId()).map(Keys.DevicePublicKey::keyId)).contains(first.keyId());
    }

    @Test
    void aWrongEnrolmentIdAnUnknownDeviceAndAForgedSignatureAreRefused() {
        Keys.DeviceSigningKey key = Keys.DeviceSigningKey.generate();
        DeviceIdentity stranger = new DeviceIdentity("kiosk-9999", "110101001");
        byte[] forged = new String(announce(ENROLMENT_ID, DEVICE, key), StandardCharsets.UTF_8)
                .replace("\"at\":\"", "\"at\":\"1").getBytes(StandardCharsets.UTF_8);

        assertThat(devices.accept(DEVICE, announce("ffffffffffffffffffffffffffffffff", DEVICE, key)))
                .isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(devices.accept(stranger, announce(ENROLMENT_ID, stranger, key)))
                .isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(devices.accept(new DeviceIdentity("kiosk-0042", "110101002"), announce(ENROLMENT_ID, DEVICE, key)))
                .isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(devices.accept(DEVICE, forged)).isInstanceOf(EnrolledDevices.Outcome.Refused.class);
        assertThat(devices.key(DEVICE.deviceId())).isEmpty();
    }

    private static byte[] announce(String enrolmentId, DeviceIdentity device, Keys.DeviceSigningKey key) {
        return announce(enrolmentId, device, key, Keys.DeviceSealingKey.generate());
    }

    private static byte[] announce(String enrolmentId, DeviceIdentity device, Keys.DeviceSigningKey key,
            Keys.DeviceSealingKey sealing) {
        return EnrolmentAnnouncement.sign(enrolmentId, device, key, Optional.of(sealing.publicKey()),
                Instant.parse("2026-11-23T08:00:00Z")).encode();
    }
}

package org.doudi.provisioning.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void theFirstKeyWithTheIssuedIdIsPinnedAndAnnouncingItAgainIsFine() throws Exception {
        Keys.DeviceSigningKey key = Keys.DeviceSigningKey.generate();

        EnrolledDevices.Outcome first = devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, key));
        EnrolledDevices.Outcome again = devices.accept(DEVICE, announce(ENROLMENT_ID, DEVICE, key));

        assertThat(first).isInstanceOfSatisfying(EnrolledDevices.Outcome.Pinned.class,
                pinned -> assertThat(pinned.key().keyId()).isEqualTo(key.keyId()));
        assertThat(again).isInstanceOf(EnrolledDevices.Outcome.AlreadyPinned.class);
        assertThat(new EnrolledDevices(records, Clock.systemUTC()).key(DEVICE.deviceId()).map(Keys.DevicePublicKey::keyId))
                .contains(key.keyId());
        assertThat(Files.readString(records.directory(DEVICE).resolve(DeviceRecords.ENROLMENT_FILE)))
                .contains("state=enrolled", "device-key-id=" + key.keyId().value());
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
        return EnrolmentAnnouncement.sign(enrolmentId, device, key, Instant.parse("2026-11-23T08:00:00Z")).encode();
    }
}

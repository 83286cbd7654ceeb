package org.doudi.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.doudi.cli.DoudiCommand;
import org.doudi.cli.ExitCodes;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./doudi enroll} in-process, on files in a temporary directory. */
class EnrollCommandTest {
    @TempDir
    Path dir;

    private final TestBundles office = new TestBundles();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void enrolsWritesOwnerOnlyFilesAndAConfigurationTheAgentAccepts() throws Exception {
        Path bundle = write("kiosk-0042", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(72)));
        Path config = dir.resolve("etc/doudi.conf");

        int code = enroll(bundle, config, "--authority-key", authorityKey().toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("enrolled as kiosk-0042 (kiosk) in township 110101001");
        assertThat(out.toString() + err).doesNotContain("s3cret");
        AgentConfig agent = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(config));
        assertThat(agent.text(Settings.DEVICE_ID)).isEqualTo("kiosk-0042");
        assertThat(agent.text(Settings.BROKER_PASSWORD)).isEqualTo("s3cret-broker-password");
        assertThat(agent.brokerUrls()).containsExactly("tcp://127.0.0.1:1883", "tcp://10.0.0.2:1883");
        assertThat(agent.text(Settings.SECURITY_ENROLMENT_ID)).isEqualTo("0123456789abcdef0123456789abcdef");
        Keys.DeviceSigningKey key = Keys.deviceSigningKey(Files.readString(Path.of(agent.text(Settings.SECURITY_DEVICE_KEY))));
        assertThat(out.toString()).contains("device key " + key.keyId().value());
        Keys.centralPublicKey(Files.readString(Path.of(agent.text(Settings.SECURITY_CENTRAL_KEY))));
        assertThat(Path.of(agent.text(Settings.SECURITY_DEVICE_SEALING_KEY)))
                .isEqualTo(config.resolveSibling(DeviceEnrolment.DEVICE_SEALING_KEY_FILE));
        Keys.deviceSealingKey(Files.readString(Path.of(agent.text(Settings.SECURITY_DEVICE_SEALING_KEY))));
        try (var files = Files.list(config.getParent())) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
        assertThat(Files.readString(config.resolveSibling(DeviceEnrolment.KIOSK_FILE))).contains("languages=zh-CN,en");
    }

    @Test
    void refusesToEnrolTwiceWithoutAWipe() throws Exception {
        Path bundle = write("kiosk-0042", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(72)));
        Path config = dir.resolve("doudi.conf");
        assertThat(enroll(bundle, config, "--authority-id", office.provisioningId.value())).isEqualTo(ExitCodes.OK);
        String first = Files.readString(config);

        int again = enroll(bundle, config, "--authority-id", office.provisioningId.value());

        assertThat(again).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("already enrolled").contains("./doudi wipe");
        assertThat(Files.readString(config)).isEqualTo(first);
    }

    @Test
    void anExpiredBundleIsRefusedAndNothingIsWritten() throws Exception {
        Path bundle = write("kiosk-0042", Instant.now().minus(Duration.ofDays(4)), Instant.now().minus(Duration.ofDays(1)));
        Path config = dir.resolve("etc/doudi.conf");

        int code = enroll(bundle, config, "--authority-key", authorityKey().toString());

        assertThat(code).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(err.toString()).contains("expired").contains("./provision device add");
        assertThat(config.getParent()).doesNotExist();
    }

    @Test
    void aWrongAuthorityIdIsRefused() throws Exception {
        Path bundle = write("kiosk-0042", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(72)));

        int code = enroll(bundle, dir.resolve("doudi.conf"), "--authority-id", "prov-00000000");

        assertThat(code).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(err.toString()).contains("not by the office's provisioning key prov-00000000");
        assertThat(dir.resolve("doudi.conf")).doesNotExist();
    }

    @Test
    void aTrustAnchorIsRequired() throws Exception {
        Path bundle = write("kiosk-0042", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(72)));

        assertThat(enroll(bundle, dir.resolve("doudi.conf"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--authority-key").contains("--authority-id");
    }

    @Test
    void aPhotographOfTheBundlesQrCodeEnrolsLikeTheFile() throws Exception {
        Path text = write("kiosk-0043", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(72)));
        Path picture = qrPicture(Files.readString(text).strip(), dir.resolve("kiosk-0043.png"));

        int code = enroll(picture, dir.resolve("etc/doudi.conf"), "--authority-key", authorityKey().toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("enrolled as kiosk-0043");
    }

    @Test
    void aPictureWithoutACodeSaysWhatToDoInstead() throws Exception {
        Path blank = dir.resolve("blank.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(200, 200,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", blank.toFile());

        int code = enroll(blank, dir.resolve("etc/doudi.conf"), "--authority-key", authorityKey().toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no code found").contains(".bundle file");
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    /** The QR code as a printed and photographed picture would carry it: black modules on white, a quiet zone. */
    private static Path qrPicture(String text, Path file) throws Exception {
        var matrix = new com.google.zxing.qrcode.QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                Map.of(com.google.zxing.EncodeHintType.MARGIN, 4,
                        com.google.zxing.EncodeHintType.ERROR_CORRECTION, com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M));
        int scale = 4;
        var image = new java.awt.image.BufferedImage(matrix.getWidth() * scale, matrix.getHeight() * scale,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, matrix.get(x / scale, y / scale) ? 0 : 255);
            }
        }
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private Path write(String deviceId, Instant issued, Instant expires) throws Exception {
        Path file = dir.resolve(deviceId + ".bundle");
        Files.writeString(file, office.sign(office.bundle(deviceId, issued, expires)) + "\n");
        return file;
    }

    private Path authorityKey() throws Exception {
        Path file = dir.resolve("provisioning.public.pem");
        if (!Files.exists(file)) {
            Files.writeString(file, Keys.pem("PUBLIC KEY", office.provisioning.getPublic().getEncoded()));
        }
        return file;
    }

    private int enroll(Path bundle, Path config, String... trust) {
        CommandLine cl = DoudiCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] args = new String[3 + trust.length + 1];
        args[0] = "enroll";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(trust, 0, args, 3, trust.length);
        args[args.length - 1] = bundle.toString();
        return cl.execute(args);
    }
}

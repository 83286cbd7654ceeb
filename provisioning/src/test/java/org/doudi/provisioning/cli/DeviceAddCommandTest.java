package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doudi.provisioning.cli.ProvisionCommandTest.provision;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.doudi.cli.DoudiCommand;
import org.doudi.cli.ExitCodes;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.provisioning.cli.ProvisionCommandTest.Run;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.DecodeResult;
import org.doudi.scan.GreyImage;
import org.doudi.scan.ImageFiles;
import org.doudi.scan.ScanClassifier;
import org.doudi.scan.ScanKind;
import org.doudi.scan.ScanOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provision device add} and, with what it writes, {@code doudi enroll}: the technician's steps in-process. */
class DeviceAddCommandTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceAddedAtTheOfficeEnrolsWithItsBundle() throws Exception {
        Path office = init("office");
        Run added = add(office, "kiosk-0042", "110101001", "bundles-k42");
        Path bundle = dir.resolve("bundles-k42.bundle");

        assertThat(added.code()).as(added.err()).isEqualTo(ExitCodes.OK);
        assertThat(added.out()).contains("东华门街道, 东城区, 北京市").contains("▀").contains("prov-");
        String text = Files.readString(bundle).strip();
        assertThat(ScanClassifier.classify(text)).isEqualTo(ScanKind.PROVISIONING_BUNDLE);
        assertThat(decodePng(dir.resolve("bundles-k42.png"))).isEqualTo(text);

        Path config = dir.resolve("device/etc/doudi.conf");
        Run enrolled = doudi("enroll", "--config", config.toString(),
                "--authority-key", office.resolve(KeyRole.PROVISIONING.publicKeyFile()).toString(), bundle.toString());

        assertThat(enrolled.code()).as(enrolled.err()).isEqualTo(ExitCodes.OK);
        AgentConfig agent = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(config));
        assertThat(agent.text(Settings.DEVICE_ID)).isEqualTo("kiosk-0042");
        assertThat(agent.text(Settings.TOWNSHIP)).isEqualTo("110101001");
        String password = agent.text(Settings.BROKER_PASSWORD);
        assertThat(added.out() + added.err() + enrolled.out() + enrolled.err()).doesNotContain(password);
        // The office's record: the broker's line hashes this very password; the enrolment ids agree.
        Path record = office.resolve("devices/kiosk-0042");
        String[] passwd = Files.readString(record.resolve("mosquitto-passwd")).strip().split("[:$]");
        assertThat(MosquittoPasswordHash.of(password, Base64.getDecoder().decode(passwd[4]), Integer.parseInt(passwd[3])))
                .isEqualTo(Files.readString(record.resolve("mosquitto-passwd")).strip().substring("kiosk-0042:".length()));
        assertThat(Files.readString(record.resolve("mosquitto-acl"))).contains("user kiosk-0042");
        assertThat(properties(record.resolve("enrolment.properties")).getProperty("enrolment-id"))
                .isEqualTo(properties(config.resolveSibling("enrolment.properties")).getProperty("enrolment-id"));
    }

    @Test
    void anUnknownTownshipIsRefusedWithTheNearestKnownCodes() {
        Path office = init("office");

        Run run = add(office, "kiosk-0042", "110101099", "k42");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("110101099 is not in the NBS 2023 list").contains("110101017 永定门外街道");
        assertThat(dir.resolve("k42.bundle")).doesNotExist();
    }

    @Test
    void aDeviceIdIsAddedOnce() {
        Path office = init("office");
        assertThat(add(office, "kiosk-0042", "110101001", "first").code()).isEqualTo(ExitCodes.OK);

        Run again = add(office, "kiosk-0042", "110101001", "second");

        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("device kiosk-0042 was already added");
        assertThat(dir.resolve("second.bundle")).doesNotExist();
    }

    @Test
    void aDeviceRefusesAnotherOfficesBundle() {
        Path office = init("office");
        Path other = init("other");
        assertThat(add(other, "kiosk-0042", "110101001", "foreign").code()).isEqualTo(ExitCodes.OK);

        Run run = doudi("enroll", "--config", dir.resolve("device/doudi.conf").toString(),
                "--authority-key", office.resolve(KeyRole.PROVISIONING.publicKeyFile()).toString(),
                dir.resolve("foreign.bundle").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(run.err()).contains("not by the office's provisioning key");
        assertThat(dir.resolve("device")).doesNotExist();
    }

    private Path init(String name) {
        Path authority = dir.resolve(name);
        assertThat(provision("authority", "init", "--dir", authority.toString()).code()).isEqualTo(ExitCodes.OK);
        return authority;
    }

    private Run add(Path office, String id, String township, String out) {
        return provision("device", "add", "--authority", office.toString(), "--id", id, "--township", township,
                "--role", "kiosk", "--broker", "tcp://127.0.0.1:1883", "--out", dir.resolve(out).toString());
    }

    static Run doudi(String... args) {
        var cl = DoudiCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private static String decodePng(Path png) {
        GreyImage image = ((ScanOutcome.Ok<GreyImage>) ImageFiles.read(png)).value();
        DecodeResult result = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET).decode(image);
        return ((DecodeResult.Decoded) result).code().text();
    }

    private static Properties properties(Path file) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}

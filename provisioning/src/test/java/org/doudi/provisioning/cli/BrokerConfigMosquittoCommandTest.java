package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doudi.provisioning.cli.ProvisionCommandTest.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.doudi.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The office's command over the broker library (the library itself is tested against a real Mosquitto). */
class BrokerConfigMosquittoCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBrokersFilesWithAnAccountPerDeviceAndCentralConsumerAndPrintsNoSecret() throws Exception {
        Path out = dir.resolve("broker");
        ProvisionCommandTest.Run run = provision("broker-config", "mosquitto", "--host", "mqtt.example.gov.cn",
                "--central", "central-1", "--device", "kiosk-0042:110101001,tablet-0007:110101002",
                "--listen", "1883", "--bind", "127.0.0.1", "--tls-listen", "8883", "--out", out.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        List<String> passwd = Files.readAllLines(out.resolve("passwd"));
        assertThat(passwd).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactlyInAnyOrder("kiosk-0042", "tablet-0007", "central-1");
        assertThat(passwd).allMatch(line -> line.contains(":$7$"));
        assertThat(Files.readString(out.resolve("acl"))).contains("doudi/v1/110101001/kiosk-0042/");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("passwd")))).isEqualTo("rw-------");
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("broker.properties")).toList()) {
                java.util.Properties settings = new java.util.Properties();
                try (var reader = Files.newBufferedReader(f)) {
                    settings.load(reader);
                }
                String password = settings.getProperty("broker.password");
                assertThat(password).isNotBlank();
                assertThat(run.out()).doesNotContain(password);
                assertThat(run.err()).doesNotContain(password);
            }
        }
    }

    @Test
    void aMalformedDeviceOrNoListenerIsAUsageErrorThatSaysWhatIsWrong() {
        ProvisionCommandTest.Run badDevice = provision("broker-config", "mosquitto", "--host", "mqtt.example.gov.cn",
                "--device", "kiosk-0042", "--listen", "1883", "--out", dir.resolve("a").toString());
        assertThat(badDevice.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDevice.err()).contains("ID:TOWNSHIP");

        ProvisionCommandTest.Run noListener = provision("broker-config", "mosquitto", "--host", "mqtt.example.gov.cn",
                "--out", dir.resolve("b").toString());
        assertThat(noListener.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noListener.err()).contains("listener");
    }
}

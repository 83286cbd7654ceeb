package org.doudi.provisioning.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.record.DeviceIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoConfigTest {
    private static final DeviceIdentity KIOSK = new DeviceIdentity("kiosk-0042", "110101001");
    private static final DeviceIdentity TABLET = new DeviceIdentity("tablet-7", "110101002");
    private static final CentralAccount CENTRAL = new CentralAccount("central-1");

    @TempDir
    Path dir;

    private MosquittoConfig fleet() {
        return MosquittoConfig.forBroker("mqtt.mz.example.gov.cn")
                .devices(List.of(KIOSK, TABLET))
                .centralAccounts(List.of(CENTRAL))
                .persistenceLocation(dir.resolve("data"));
    }

    @Test
    void theBrokerConfigurationLocksEverythingDownAndPointsAtTheGeneratedFiles() throws Exception {
        BrokerFiles files = fleet().passwordListener(Listener.on(1883).boundTo("127.0.0.1")).tlsListener(Listener.on(8883))
                .writeTo(dir.resolve("broker"));

        List<String> lines = Files.readAllLines(files.mosquittoConf()).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(lines).containsExactly(
                "per_listener_settings false",
                "allow_anonymous false",
                "password_file " + files.passwordFile(),
                "acl_file " + files.aclFile(),
                "set_tcp_nodelay true",
                "persistence true",
                "persistence_location " + dir.resolve("data") + "/",
                "listener 1883 127.0.0.1",
                "listener 8883",
                "cafile " + files.caCertificate(),
                "certfile " + files.serverCertificate(),
                "keyfile " + files.serverKey(),
                "require_certificate true",
                "use_identity_as_username true");
        assertThat(Files.readString(files.aclFile())).isEqualTo(MosquittoAcl.text(new BrokerAccounts(List.of(KIOSK, TABLET), List.of(CENTRAL))));
        assertThat(Files.readAllLines(files.passwordFile()))
                .hasSize(3)
                .allMatch(line -> line.matches("(kiosk-0042|tablet-7|central-1):\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="));
    }

    @Test
    void filesCanBeInstalledElsewhereThanWhereTheyAreWritten() throws Exception {
        BrokerFiles files = fleet().tlsListener(Listener.on(8883)).installedAt(Path.of("/etc/mosquitto/doudi"))
                .writeTo(dir.resolve("broker"));

        assertThat(Files.readString(files.mosquittoConf()))
                .contains("password_file /etc/mosquitto/doudi/passwd\n", "acl_file /etc/mosquitto/doudi/acl\n",
                        "keyfile /etc/mosquitto/doudi/certs/server.key\n")
                .doesNotContain(dir.toString() + "/broker");
    }

    @Test
    void secretsAreWrittenOnlyToOwnerOnlyFiles() throws Exception {
        BrokerFiles files = fleet().passwordListener(Listener.on(1883)).tlsListener(Listener.on(8883)).writeTo(dir.resolve("broker"));

        List<Path> secret = List.of(files.passwordFile(), files.aclFile(), files.serverKey(), files.caKey(),
                files.device(KIOSK).settings(), files.device(KIOSK).privateKey(), files.device(KIOSK).keystore(),
                files.central(CENTRAL).settings(), files.central(CENTRAL).keystore());
        for (Path file : secret) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
        for (Path directory : List.of(files.device(KIOSK).directory(), files.central(CENTRAL).directory(), files.caKey().getParent())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).as(directory.toString()).isEqualTo("rwx------");
        }
        // Every password and keystore password appears in its account's settings file and nowhere else.
        List<String> secrets = Stream.of(files.device(KIOSK), files.device(TABLET), files.central(CENTRAL))
                .flatMap(account -> Stream.of(Settings.BROKER_PASSWORD.key(), Settings.TLS_CLIENT_KEYSTORE_PASSWORD.key())
                        .map(key -> properties(account.settings()).getProperty(key)))
                .toList();
        assertThat(secrets).hasSize(6).doesNotContainNull().doesNotHaveDuplicates();
        for (Path file : List.of(files.mosquittoConf(), files.aclFile(), files.passwordFile(), files.accountsSummary())) {
            String text = Files.readString(file);
            assertThat(secrets).as(file.toString()).noneMatch(text::contains);
        }
    }

    @Test
    void aDevicesSettingsAreAValidAgentConfigurationThatOpensItsKeystore() throws Exception {
        Path broker = dir.resolve("broker");
        BrokerFiles files = fleet().tlsListener(Listener.on(8883)).deviceFilesAt(broker.resolve("devices").resolve("kiosk-0042"))
                .writeTo(broker);

        AgentConfig config = AgentConfig.resolve(Map.of(), Map.of(), Optional.of(files.device(KIOSK).settings()));
        assertThat(config.text(Settings.DEVICE_ID)).isEqualTo("kiosk-0042");
        assertThat(config.text(Settings.TOWNSHIP)).isEqualTo("110101001");
        assertThat(config.brokerUrls()).containsExactly("ssl://mqtt.mz.example.gov.cn:8883");
        assertThat(config.text(Settings.BROKER_USERNAME)).isEqualTo("kiosk-0042");
        assertThat(Path.of(config.text(Settings.TLS_CA_FILE))).isEqualTo(files.device(KIOSK).caCertificate());

        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(config.text(Settings.TLS_CLIENT_KEYSTORE)))) {
            keystore.load(in, config.text(Settings.TLS_CLIENT_KEYSTORE_PASSWORD).toCharArray());
        }
        X509Certificate own = (X509Certificate) keystore.getCertificate("kiosk-0042");
        assertThat(own.getSubjectX500Principal().getName()).isEqualTo("CN=kiosk-0042");
        own.verify(pem(files.caCertificate()).getPublicKey());
        assertThat(pem(files.device(KIOSK).caCertificate())).isEqualTo(pem(files.caCertificate()));
        assertThat(pem(files.device(KIOSK).certificate())).isEqualTo(own);
    }

    @Test
    void byDefaultADeviceFindsItsFilesInEtcDoudi() throws Exception {
        BrokerFiles files = fleet().tlsListener(Listener.on(8883)).writeTo(dir.resolve("broker"));

        Properties settings = properties(files.device(TABLET).settings());
        assertThat(settings.getProperty(Settings.TLS_CA_FILE.key())).isEqualTo("/etc/doudi/broker-ca.pem");
        assertThat(settings.getProperty(Settings.TLS_CLIENT_KEYSTORE.key())).isEqualTo("/etc/doudi/tablet-7.p12");
        assertThat(files.device(TABLET).keystore().getFileName()).hasToString("tablet-7.p12");
        assertThat(files.device(TABLET).caCertificate().getFileName()).hasToString("broker-ca.pem");
    }

    @Test
    void withoutTlsThereAreNoCertificatesAndDevicesUseThePasswordListener() throws Exception {
        BrokerFiles files = fleet().passwordListener(Listener.on(1884)).writeTo(dir.resolve("broker"));

        assertThat(files.caCertificate()).doesNotExist();
        assertThat(files.caKey()).doesNotExist();
        assertThat(files.device(KIOSK).keystore()).doesNotExist();
        assertThat(Files.readString(files.mosquittoConf())).doesNotContain("cafile", "require_certificate");
        Properties settings = properties(files.device(KIOSK).settings());
        assertThat(settings.getProperty(Settings.BROKER_URL.key())).isEqualTo("tcp://mqtt.mz.example.gov.cn:1884");
        assertThat(settings.stringPropertyNames()).doesNotContain(Settings.TLS_CA_FILE.key());
    }

    @Test
    void aCentralConsumerUsesThePasswordListenerAtItsBoundAddress() throws Exception {
        BrokerFiles files = fleet().passwordListener(Listener.on(1883).boundTo("10.1.2.3")).tlsListener(Listener.on(8883))
                .writeTo(dir.resolve("broker"));

        Properties settings = properties(files.central(CENTRAL).settings());
        assertThat(settings.getProperty(Settings.BROKER_URL.key())).isEqualTo("tcp://10.1.2.3:1883");
        assertThat(settings.getProperty(Settings.BROKER_USERNAME.key())).isEqualTo("central-1");
        assertThat(Files.readString(files.accountsSummary()))
                .contains("kiosk-0042 | device | 110101001 | password, TLS certificate | devices/kiosk-0042/")
                .contains("central-1 | central | - | password, TLS certificate | central/central-1/");
    }

    @Test
    void anIpv6BrokerIsWrittenInBracketsInUrls() throws Exception {
        BrokerFiles files = MosquittoConfig.forBroker("fd00::1").devices(List.of(KIOSK)).tlsListener(Listener.on(8883))
                .persistenceLocation(dir.resolve("data")).writeTo(dir.resolve("broker"));

        assertThat(properties(files.device(KIOSK).settings()).getProperty(Settings.BROKER_URL.key())).isEqualTo("ssl://[fd00::1]:8883");
    }

    @Test
    void earlierFilesAreNeverMixedWithNewOnes() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        Files.writeString(dir.resolve("broker").resolve("passwd"), "old\n");

        assertThatThrownBy(() -> fleet().passwordListener(Listener.on(1883)).writeTo(dir.resolve("broker")))
                .isInstanceOf(BrokerFilesFailure.class).hasMessageContaining("not empty");
        assertThat(Files.readString(dir.resolve("broker").resolve("passwd"))).isEqualTo("old\n");
    }

    @Test
    void settingsMosquittoCouldNotParseAreRefused() {
        assertThatThrownBy(() -> fleet().writeTo(dir.resolve("broker"))).isInstanceOf(InvalidBrokerSetting.class)
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> fleet().passwordListener(Listener.on(8883)).tlsListener(Listener.on(8883)).writeTo(dir.resolve("b")))
                .isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> fleet().installedAt(Path.of("/etc/mosquitto/my doudi"))).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> fleet().persistenceLocation(Path.of("relative"))).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> MosquittoConfig.forBroker("mqtt example")).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> MosquittoConfig.forBroker("broker\nallow_anonymous true")).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> Listener.on(0)).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> Listener.on(1883).boundTo("0.0.0.0 1")).isInstanceOf(InvalidBrokerSetting.class);
        assertThat(dir.resolve("broker")).doesNotExist();
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}

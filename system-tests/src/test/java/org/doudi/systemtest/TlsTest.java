package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.doudi.app.Agent;
import org.doudi.record.RecordType;
import org.doudi.record.SampleRecords;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.MosquittoProcess;
import org.doudi.testsupport.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a real Mosquitto started by the test, with a CA, server and client certificates made
 * by openssl: the broker's certificate is verified (including its address), a client certificate is
 * required, and a device without one — or trusting another CA — never gets a connection.
 */
class TlsTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private int plainPort;
    private int tlsPort;

    @BeforeEach
    void startTlsMosquitto() throws Exception {
        MosquittoProcess.requireBinary();
        Prerequisites.require(Files.isExecutable(OPENSSL), "openssl is needed at " + OPENSSL);
        makeCertificates();
        plainPort = LocalPorts.free();
        tlsPort = LocalPorts.free();
        broker = MosquittoProcess.start(dir, """
                per_listener_settings false
                allow_anonymous true
                persistence false
                listener %d 127.0.0.1
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(plainPort, tlsPort, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key")),
                plainPort, tlsPort);
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void withTheOfficesCaAndAClientCertificateRecordsArrive() throws Exception {
        try (Centre centre = new Centre("tcp://127.0.0.1:" + plainPort, dir, "centre");
                Agent agent = tlsAgent("kiosk-tls-01", Map.of(
                        "tls.ca-file", dir.resolve("ca.pem").toString(),
                        "tls.client-keystore", dir.resolve("client.p12").toString(),
                        "tls.client-keystore-password", "kiosk-secret"))) {
            SampleRecords samples = new SampleRecords(new Random(5));
            Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) {
                ids.add(agent.submit(RecordType.WELFARE_CHECK, samples.welfareCheck()).recordId());
            }
            centre.awaitStored(ids, Duration.ofSeconds(20));
            Wait.until("acknowledged over TLS", Duration.ofSeconds(20),
                    () -> agent.counts().count(org.doudi.outbox.OutboxState.ACKNOWLEDGED) == 10, () -> agent.counts().toString());
        }
    }

    @Test
    void withoutAClientCertificateTheBrokerRefuses() throws Exception {
        assertNeverConnects(tlsAgent("kiosk-tls-02", Map.of("tls.ca-file", dir.resolve("ca.pem").toString())));
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsNotTrusted() throws Exception {
        run(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("other.key").toString(),
                "-out", dir.resolve("other-ca.pem").toString(), "-days", "2", "-subj", "/CN=Someone Else CA");
        assertNeverConnects(tlsAgent("kiosk-tls-03", Map.of(
                "tls.ca-file", dir.resolve("other-ca.pem").toString(),
                "tls.client-keystore", dir.resolve("client.p12").toString(),
                "tls.client-keystore-password", "kiosk-secret")));
    }

    private void assertNeverConnects(Agent agent) throws Exception {
        try (agent) {
            agent.submit(RecordType.EVENT, new SampleRecords(new Random(1)).event());
            Thread.sleep(3000);
            assertThat(agent.linkState().name()).isNotEqualTo("CONNECTED");
            assertThat(agent.counts().count(org.doudi.outbox.OutboxState.PENDING)).as("the record waits safely").isEqualTo(1);
        }
    }

    private Agent tlsAgent(String deviceId, Map<String, String> tls) throws Agent.StartFailure {
        Map<String, String> extra = new HashMap<>(tls);
        return Agent.start(TestAgents.config(dir.resolve(deviceId), "ssl://127.0.0.1:" + tlsPort, deviceId, extra));
    }

    private void makeCertificates() throws Exception {
        String ca = dir.resolve("ca.pem").toString();
        String caKey = dir.resolve("ca.key").toString();
        run(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca,
                "-days", "2", "-subj", "/CN=Doudi Test Civil Affairs CA");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        for (String party : List.of("server", "client")) {
            String key = dir.resolve(party + ".key").toString();
            String csr = dir.resolve(party + ".csr").toString();
            String cert = dir.resolve(party + ".pem").toString();
            run(OPENSSL.toString(), "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
                    "-subj", party.equals("server") ? "/CN=127.0.0.1" : "/CN=doudi-kiosk-tls-01");
            run(OPENSSL.toString(), "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
                    "-out", cert, "-days", "2", "-extfile", dir.resolve("san.ext").toString());
        }
        run(OPENSSL.toString(), "pkcs12", "-export", "-in", dir.resolve("client.pem").toString(), "-inkey",
                dir.resolve("client.key").toString(), "-out", dir.resolve("client.p12").toString(),
                "-passout", "pass:kiosk-secret");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", command[1], Files.readString(dir.resolve("openssl.log"))).isZero();
    }

}

package org.doudi.provisioning.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.doudi.record.DeviceIdentity;
import org.junit.jupiter.api.Test;

class BrokerCertificatesTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final BrokerCertificates ca = BrokerCertificates.newAuthority("Doudi MQTT CA 东城区民政局");

    @Test
    void theAuthorityIsASelfSignedP256CaThatSignsNoFurtherCas() throws Exception {
        X509Certificate cert = ca.authority().certificate();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).isEqualTo("CN=Doudi MQTT CA 东城区民政局");
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aDevicesCertificateNamesTheDeviceAndIsForClientsOnly() throws Exception {
        IssuedCertificate issued = ca.clientCertificate(new DeviceIdentity("kiosk-0042", "110101001"));
        X509Certificate cert = issued.certificate();
        cert.verify(ca.authority().certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=kiosk-0042");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.authority().certificate().getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.toString()).contains("kiosk-0042").doesNotContain(issued.privateKey().toString());
    }

    @Test
    void theServerCertificateCarriesEveryNameAsASubjectAlternativeName() throws Exception {
        X509Certificate cert = ca.serverCertificate(List.of("mqtt.mz.example.gov.cn", "10.20.30.40", "::1")).certificate();
        cert.verify(ca.authority().certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mqtt.mz.example.gov.cn");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        assertThat(names).containsExactlyInAnyOrder(List.of(DNS_NAME, "mqtt.mz.example.gov.cn"),
                List.of(IP_ADDRESS, "10.20.30.40"), List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void certificatesAreValidFromTheEpochSoAKioskWithAFlatClockBatteryCanStillConnect() {
        X509Certificate cert = ca.clientCertificate(new CentralAccount("central-1")).certificate();
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.EPOCH);
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(9 * 365)));
        assertThat(ca.authority().certificate().getNotAfter()).isAfter(cert.getNotAfter());
    }

    @Test
    void aServerNameThatIsNeitherDnsNorIpIsRefused() {
        assertThatThrownBy(() -> ca.serverCertificate(List.of("*.example.org"))).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> ca.serverCertificate(List.of("broker example"))).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> ca.serverCertificate(List.of())).isInstanceOf(InvalidBrokerSetting.class);
    }

    @Test
    void theKeystoreHoldsTheKeyWithItsChainUnderOnePassword() throws Exception {
        IssuedCertificate issued = ca.clientCertificate(new DeviceIdentity("kiosk-0042", "110101001"));
        byte[] p12 = SecretFiles.pkcs12(issued, ca.authority().certificate(), "kiosk-0042", "pw-123");

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(p12), "pw-123".toCharArray());
        assertThat(store.getKey("kiosk-0042", "pw-123".toCharArray())).isEqualTo(issued.privateKey());
        assertThat(store.getCertificateChain("kiosk-0042")).containsExactly(issued.certificate(), ca.authority().certificate());
    }
}

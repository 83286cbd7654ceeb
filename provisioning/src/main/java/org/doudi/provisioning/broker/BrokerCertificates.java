package org.doudi.provisioning.broker;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.doudi.record.DeviceIdentity;

/**
 * A private certificate authority for one broker: it issues the broker's server certificate and a
 * client certificate per account, whose CN is the account name (Mosquitto's
 * {@code use_identity_as_username} makes it the username the ACL is looked up by). Built with Bouncy
 * Castle's PKIX classes, keys and signatures from the JDK.
 *
 * <p>ECDSA P-256 with SHA-256 throughout: OpenSSL 3 (Mosquitto) and the JDK's TLS (the agent, Paho)
 * both support it in TLS 1.2 and 1.3, keys and signatures are small, and unlike Ed25519 certificates it
 * needs no TLS 1.3-only peers.
 */
public final class BrokerCertificates {
    /**
     * Kiosks may boot with a clock far in the past (a flat RTC battery) and learn the time only from the
     * centre's acks, which come over this TLS connection; a certificate "not yet valid" by their clock
     * would lock them out for good. A notBefore in the future protects nothing for certificates issued
     * by our own CA, so every certificate is valid from the epoch.
     */
    private static final Instant NOT_BEFORE = Instant.EPOCH;
    /** Replacing the CA means visiting every device; it outlives the certificates it issues. */
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(20 * 365);
    /** Devices are replaced, not re-keyed, on this horizon; rotation over signed commands is future work. */
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(10 * 365);
    private static final String SIGNATURE = "SHA256withECDSA";
    /** RFC 5280 allows 20 octets; 16 random ones make serials unguessable and unique. */
    private static final int SERIAL_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate authority;
    private final X500Name authorityName;

    private BrokerCertificates(IssuedCertificate authority, X500Name authorityName) {
        this.authority = authority;
        this.authorityName = authorityName;
    }

    /** A new self-signed CA called {@code name}, e.g. "Doudi MQTT CA, 东城区民政局". */
    public static BrokerCertificates newAuthority(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidBrokerSetting("the CA needs a name");
        }
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = commonName(name);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), AUTHORITY_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new BrokerCertificates(new IssuedCertificate(sign(builder, keys.getPrivate()), keys.getPrivate()), subject);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("this JDK cannot make ECDSA P-256 certificates", e);
        }
    }

    /** The CA's own certificate and key; the key signs every certificate of this broker, so keep it offline. */
    public IssuedCertificate authority() {
        return authority;
    }

    /**
     * The broker's certificate. The first name is its CN; all of them (DNS names or IP addresses) are
     * subject alternative names, which is what clients check the address they dialled against.
     */
    public IssuedCertificate serverCertificate(List<String> names) {
        if (names.isEmpty()) {
            throw new InvalidBrokerSetting("the server certificate needs at least one DNS name or IP address");
        }
        GeneralName[] alternatives = names.stream().map(BrokerCertificates::alternativeName).toArray(GeneralName[]::new);
        return issue(names.get(0), KeyPurposeId.id_kp_serverAuth, new GeneralNames(alternatives));
    }

    /** A device's client certificate: its CN is the device id. */
    public IssuedCertificate clientCertificate(DeviceIdentity device) {
        return issue(device.deviceId(), KeyPurposeId.id_kp_clientAuth, null);
    }

    /** A central consumer's client certificate: its CN is the account name. */
    public IssuedCertificate clientCertificate(CentralAccount account) {
        return issue(account.name(), KeyPurposeId.id_kp_clientAuth, null);
    }

    private IssuedCertificate issue(String commonName, KeyPurposeId purpose, GeneralNames alternatives) {
        try {
            KeyPair keys = newKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(authorityName, commonName(commonName), keys.getPublic(),
                    CERTIFICATE_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(authority.certificate()));
            if (alternatives != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternatives);
            }
            return new IssuedCertificate(sign(builder, authority.privateKey()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("this JDK cannot make ECDSA P-256 certificates", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        byte[] serial = new byte[SERIAL_BYTES];
        RANDOM.nextBytes(serial);
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(1, serial), Date.from(NOT_BEFORE),
                Date.from(Instant.now().plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X500Name commonName(String name) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    }

    private static GeneralName alternativeName(String name) {
        if (IPAddress.isValid(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        if (!BrokerAddresses.isDnsName(name)) {
            throw new InvalidBrokerSetting("not a DNS name or IP address: " + name);
        }
        return new GeneralName(GeneralName.dNSName, name);
    }
}

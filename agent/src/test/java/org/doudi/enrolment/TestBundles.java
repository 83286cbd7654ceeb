package org.doudi.enrolment;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doudi.credential.Ed25519Keys;
import org.doudi.credential.KeyId;
import org.doudi.record.DeviceIdentity;

/** An office's provisioning key and bundles signed with it, for the enrolment tests. */
final class TestBundles {
    static final Instant ISSUED = Instant.parse("2026-11-23T08:00:00Z");
    static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(72));

    final KeyPair provisioning = generate("Ed25519");
    final KeyId provisioningId = BundleVerifier.keyIdOf(Ed25519Keys.rawPublicKey(provisioning.getPublic()));

    static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    EnrolmentBundle bundle(String deviceId) {
        return bundle(deviceId, ISSUED, EXPIRES);
    }

    EnrolmentBundle bundle(String deviceId, Instant issued, Instant expires) {
        return new EnrolmentBundle("0123456789abcdef0123456789abcdef", issued, expires,
                new DeviceIdentity(deviceId, "110101001"), DeviceRole.KIOSK,
                List.of("tcp://127.0.0.1:1883", "tcp://10.0.0.2:1883"), deviceId, "s3cret-broker-password",
                List.of(), generate("Ed25519").getPublic().getEncoded(), generate("Ed25519").getPublic().getEncoded(),
                generate("X25519").getPublic().getEncoded(),
                provisioning.getPublic().getEncoded(),
                new EnrolmentBundle.KioskSettings(List.of("zh-CN", "en"), Duration.ofMinutes(3), List.of("dibao", "tekun")));
    }

    String sign(EnrolmentBundle bundle) {
        return BundleText.sign(bundle, provisioningId, provisioning.getPrivate());
    }
}

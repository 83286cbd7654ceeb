package org.doudi.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;
import org.doudi.credential.KeyId;
import org.doudi.credential.SignedCbor;
import org.junit.jupiter.api.Test;

class BundleVerifierTest {
    private final TestBundles office = new TestBundles();
    private final Clock now = Clock.fixed(TestBundles.ISSUED.plus(Duration.ofHours(1)), ZoneOffset.UTC);

    @Test
    void aSignedBundleRoundTripsWithTheKeyOrItsId() {
        EnrolmentBundle bundle = office.bundle("kiosk-0042");
        String text = office.sign(bundle);

        assertThat(text).startsWith("DE1:");
        for (BundleVerifier verifier : new BundleVerifier[] {BundleVerifier.trusting(office.provisioning.getPublic(), now),
            BundleVerifier.trustingKeyId(office.provisioningId, now)}) {
            BundleVerification result = verifier.verify(text + "\n");
            assertThat(result).isInstanceOf(BundleVerification.Valid.class);
            EnrolmentBundle read = ((BundleVerification.Valid) result).bundle();
            assertThat(read.device()).isEqualTo(bundle.device());
            assertThat(read.brokerUrls()).isEqualTo(bundle.brokerUrls());
            assertThat(read.brokerPassword()).isEqualTo(bundle.brokerPassword());
            assertThat(read.sealingKey()).isEqualTo(bundle.sealingKey());
            assertThat(read.kiosk()).isEqualTo(bundle.kiosk());
            assertThat(read.enrolmentId()).isEqualTo(bundle.enrolmentId());
            assertThat(read.expiresAt()).isEqualTo(bundle.expiresAt());
        }
        assertThat(bundle.toString()).doesNotContain("s3cret");
    }

    @Test
    void aFlippedByteIsABadSignature() {
        String text = office.sign(office.bundle("kiosk-0042"));
        byte[] signed = new Base45().decode(text.substring(4));
        // Inside the payload's password text, so the CBOR stays well-formed and only the signature can tell.
        int at = indexOf(signed, "s3cret".getBytes());
        signed[at] ^= 0x01;
        String tampered = BundleText.format(signed);

        BundleVerification result = BundleVerifier.trusting(office.provisioning.getPublic(), now).verify(tampered);

        assertThat(result).isInstanceOf(BundleVerification.BadSignature.class);
        assertThat(result.message()).contains("altered or damaged");
    }

    @Test
    void expiredAndNotYetValidBundlesAreRefused() {
        String text = office.sign(office.bundle("kiosk-0042"));
        Clock later = Clock.fixed(TestBundles.EXPIRES, ZoneOffset.UTC);
        Clock earlier = Clock.fixed(TestBundles.ISSUED.minus(Duration.ofHours(1)), ZoneOffset.UTC);

        BundleVerification expired = BundleVerifier.trusting(office.provisioning.getPublic(), later).verify(text);
        BundleVerification early = BundleVerifier.trusting(office.provisioning.getPublic(), earlier).verify(text);

        assertThat(expired).isInstanceOf(BundleVerification.Expired.class);
        assertThat(expired.message()).contains("expired at " + TestBundles.EXPIRES).contains("new one");
        assertThat(early).isInstanceOf(BundleVerification.NotYetValid.class);
        assertThat(early.message()).contains("clock");
    }

    @Test
    void anotherOfficesBundleIsRefusedWithEitherTrustAnchor() {
        TestBundles otherOffice = new TestBundles();
        String foreign = otherOffice.sign(otherOffice.bundle("kiosk-0042"));

        BundleVerification byKey = BundleVerifier.trusting(office.provisioning.getPublic(), now).verify(foreign);
        BundleVerification byId = BundleVerifier.trustingKeyId(office.provisioningId, now).verify(foreign);

        assertThat(byKey).isInstanceOf(BundleVerification.UnknownSigner.class);
        assertThat(byId).isInstanceOf(BundleVerification.UnknownSigner.class);
        assertThat(byId.message()).contains(otherOffice.provisioningId.value()).contains(office.provisioningId.value());
    }

    @Test
    void aForgerCannotReuseTheOfficesKeyIdWithTheirOwnKey() {
        TestBundles forger = new TestBundles();
        EnrolmentBundle bundle = forger.bundle("kiosk-0042");
        // The forger claims the office's key id in the header but must embed and sign with their own key.
        String forged = BundleText.sign(bundle, office.provisioningId, forger.provisioning.getPrivate());

        assertThat(BundleVerifier.trustingKeyId(office.provisioningId, now).verify(forged))
                .isInstanceOf(BundleVerification.UnknownSigner.class);
        assertThat(BundleVerifier.trusting(office.provisioning.getPublic(), now).verify(forged))
                .isInstanceOf(BundleVerification.BadSignature.class);
    }

    @Test
    void aWronglyTypedKeyIdIsRefused() {
        String text = office.sign(office.bundle("kiosk-0042"));

        BundleVerification result = BundleVerifier.trustingKeyId(new KeyId("prov-00000000"), now).verify(text);

        assertThat(result).isInstanceOf(BundleVerification.UnknownSigner.class);
        assertThat(result.message()).contains("typed right");
    }

    @Test
    void garbageIsMalformedAndHugeTextTooLarge() {
        BundleVerifier verifier = BundleVerifier.trusting(office.provisioning.getPublic(), now);

        assertThat(verifier.verify("SA1:ABC")).isInstanceOf(BundleVerification.Malformed.class);
        assertThat(verifier.verify("DE1:%%%")).isInstanceOf(BundleVerification.Malformed.class);
        assertThat(verifier.verify("DE1:" + "0".repeat(BundleText.MAX_TEXT_LENGTH)))
                .isInstanceOf(BundleVerification.TooLarge.class);
        assertThat(verifier.verify(null)).isInstanceOf(BundleVerification.Malformed.class);
    }

    @Test
    void aCardSignedWithTheSameKeyIsNotABundle() {
        byte[] card = SignedCbor.sign(office.bundle("kiosk-0042").encode(),
                Optional.of(office.provisioningId), Optional.empty(), office.provisioning.getPrivate());

        BundleVerification result = BundleVerifier.trusting(office.provisioning.getPublic(), now)
                .verify(BundleText.format(card));

        assertThat(result).isEqualTo(new BundleVerification.Malformed("not an enrolment bundle's content type"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}

package org.doudi.enrolment;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doudi.credential.CardVerifier;
import org.doudi.credential.Ed25519Keys;
import org.doudi.credential.KeyId;
import org.doudi.credential.MalformedException;
import org.doudi.credential.SignedCbor;

/**
 * Checks a bundle on the device, offline, against the office's provisioning key. A bare device has no
 * trust anchor of its own, so the technician supplies one: the provisioning public key (a file baked
 * into the image) or its key id, typed from the office's printout. With only the key id the bundle's
 * embedded key is used once its derived id matches — a 32-bit fingerprint that catches a wrong office
 * or a damaged bundle but not a forger who grinds keys, so images should carry the key file.
 */
public final class BundleVerifier {
    /** Key ids of provisioning keys start with this ({@code prov-1a2b3c4d}); the office's tool derives them the same way. */
    public static final String KEY_ID_PREFIX = "prov";
    /** In the protected header, so a card or list signed by the same office can never pass for a bundle. */
    public static final String CONTENT_TYPE = "application/doudi-enrolment";

    private final Optional<PublicKey> trustedKey;
    private final KeyId expectedKeyId;
    private final Clock clock;

    private BundleVerifier(Optional<PublicKey> trustedKey, KeyId expectedKeyId, Clock clock) {
        this.trustedKey = trustedKey;
        this.expectedKeyId = expectedKeyId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Trusts exactly this Ed25519 public key, the office's provisioning key. */
    public static BundleVerifier trusting(PublicKey provisioningKey, Clock clock) {
        return new BundleVerifier(Optional.of(provisioningKey), keyIdOf(Ed25519Keys.rawPublicKey(provisioningKey)), clock);
    }

    /** Trusts the key the bundle carries if its derived id is {@code provisioningKeyId}. */
    public static BundleVerifier trustingKeyId(KeyId provisioningKeyId, Clock clock) {
        return new BundleVerifier(Optional.empty(), provisioningKeyId, clock);
    }

    public static KeyId keyIdOf(byte[] rawPublicKey) {
        return KeyId.derived(KEY_ID_PREFIX, rawPublicKey);
    }

    public BundleVerification verify(String text) {
        if (text == null) {
            return new BundleVerification.Malformed("no text");
        }
        String stripped = text.strip();
        if (stripped.length() > BundleText.MAX_TEXT_LENGTH) {
            return new BundleVerification.TooLarge(stripped.length(), BundleText.MAX_TEXT_LENGTH);
        }
        try {
            return verifyWithinLimits(stripped);
        } catch (MalformedException e) {
            return new BundleVerification.Malformed(e.reason());
        }
    }

    private BundleVerification verifyWithinLimits(String text) throws MalformedException {
        SignedCbor.Opened opened = SignedCbor.open(BundleText.parse(text));
        if (!opened.contentType().equals(Optional.of(CONTENT_TYPE))) {
            throw new MalformedException("not an enrolment bundle's content type");
        }
        KeyId signer = opened.keyId().orElseThrow(() -> new MalformedException("key id is missing"));
        if (!signer.equals(expectedKeyId)) {
            return new BundleVerification.UnknownSigner(signer, expectedKeyId);
        }
        // Decoded before the signature check only to find the embedded key; nothing else is believed until it passes.
        EnrolmentBundle bundle = EnrolmentBundle.decode(opened.payload());
        PublicKey key = trustedKey.isPresent() ? trustedKey.get() : embeddedKey(bundle.provisioningKey());
        KeyId actual = keyIdOf(Ed25519Keys.rawPublicKey(key));
        if (!actual.equals(expectedKeyId)) {
            return new BundleVerification.UnknownSigner(actual, expectedKeyId);
        }
        if (!SignedCbor.verify(opened, key)) {
            return new BundleVerification.BadSignature();
        }
        Instant now = clock.instant();
        if (!now.isBefore(bundle.expiresAt())) {
            return new BundleVerification.Expired(bundle, bundle.expiresAt());
        }
        if (now.plus(CardVerifier.ALLOWED_CLOCK_SKEW).isBefore(bundle.issuedAt())) {
            return new BundleVerification.NotYetValid(bundle, bundle.issuedAt());
        }
        return new BundleVerification.Valid(bundle, signer);
    }

    private static PublicKey embeddedKey(byte[] subjectPublicKeyInfo) throws MalformedException {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            Ed25519Keys.rawPublicKey(key);
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MalformedException("provisioning key is not an Ed25519 public key");
        }
    }
}

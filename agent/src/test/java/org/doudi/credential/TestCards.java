package org.doudi.credential;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Keys, cards and lists for the credential tests; issues the way provisioning does. */
final class TestCards {
    static final Instant ISSUED = Instant.parse("2026-03-01T08:00:00Z");
    static final Instant EXPIRES = Instant.parse("2028-03-01T00:00:00Z");
    static final KeyId ISSUER_ID = new KeyId("gx-hc-2026a");
    static final KeyId ROOT_ID = new KeyId("root-1");

    final KeyPair issuer = generate();
    final KeyPair root = generate();

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static HouseholdCard card() {
        return new HouseholdCard("HH-4501231010000123", new TownshipCode("450123101000"),
                List.of(AssistanceCategory.DIBAO, AssistanceCategory.REGISTERED_POOR), new CardSerial("GX26-0000123"), 1,
                ISSUED, EXPIRES, Optional.of("张*"));
    }

    static byte[] sign(HouseholdCard card, KeyId keyId, PrivateKey key) {
        return sign(CardClaims.encode(card), keyId, key);
    }

    static byte[] sign(byte[] claims, KeyId keyId, PrivateKey key) {
        return SignedCbor.sign(claims, Optional.of(keyId), Optional.empty(), key);
    }

    String issue(HouseholdCard card) {
        return CardText.format(sign(card, ISSUER_ID, issuer.getPrivate()));
    }

    TrustList trustList(long sequence) {
        return new TrustList(sequence, ISSUED.minusSeconds(86_400), EXPIRES,
                List.of(new IssuerKey(ISSUER_ID, issuer.getPublic())));
    }

    RevocationList revocationList(long sequence, CardSerial... revoked) {
        return new RevocationList(sequence, ISSUED.minusSeconds(86_400), EXPIRES, Set.of(revoked));
    }

    byte[] signedByRoot(TrustList list) {
        return SignedCbor.sign(list.payload(), Optional.of(ROOT_ID), Optional.of(TrustList.CONTENT_TYPE), root.getPrivate());
    }

    byte[] signedByRoot(RevocationList list) {
        return SignedCbor.sign(list.payload(), Optional.of(ROOT_ID), Optional.of(RevocationList.CONTENT_TYPE),
                root.getPrivate());
    }

    CardVerifier verifierAt(Instant now, CardSerial... revoked) {
        return new CardVerifier(trustList(1), revocationList(1, revoked), at(now));
    }
}

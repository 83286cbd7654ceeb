package org.doudi.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a scanned card offline against the trust list and revocation list the agent holds. The
 * order matters: size before decoding, structure before choosing a key, signature before believing
 * any claim, and only then revocation and dates.
 */
public final class CardVerifier {
    /**
     * A card issued minutes ago at the office may be scanned on a kiosk whose clock runs a little
     * behind; refusing it would send a household away for the office's clock.
     */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(10);

    private final TrustList trustList;
    private final RevocationList revocationList;
    private final Clock clock;

    public CardVerifier(TrustList trustList, RevocationList revocationList, Clock clock) {
        this.trustList = Objects.requireNonNull(trustList, "trustList");
        this.revocationList = Objects.requireNonNull(revocationList, "revocationList");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CardVerification verify(String scannedText) {
        if (scannedText == null) {
            return new CardVerification.Malformed("no text");
        }
        if (scannedText.length() > CardText.MAX_TEXT_LENGTH) {
            return new CardVerification.TooLarge(scannedText.length(), CardText.MAX_TEXT_LENGTH);
        }
        try {
            return verifyWithinLimits(scannedText.strip());
        } catch (MalformedException e) {
            return new CardVerification.Malformed(e.reason());
        }
    }

    private CardVerification verifyWithinLimits(String text) throws MalformedException {
        SignedCbor.Opened opened = SignedCbor.open(CardText.parse(text));
        if (opened.contentType().isPresent()) {
            throw new MalformedException("a card has no content type");
        }
        KeyId keyId = opened.keyId().orElseThrow(() -> new MalformedException("key id is missing"));
        Optional<IssuerKey> issuer = trustList.issuer(keyId);
        if (issuer.isEmpty()) {
            return new CardVerification.UnknownIssuer(keyId);
        }
        if (!SignedCbor.verify(opened, issuer.get().publicKey())) {
            return new CardVerification.BadSignature();
        }
        HouseholdCard card = CardClaims.decode(opened.payload());
        if (revocationList.isRevoked(card.serial())) {
            return new CardVerification.Revoked(card);
        }
        Instant now = clock.instant();
        if (!now.isBefore(card.expiresAt())) {
            return new CardVerification.Expired(card, card.expiresAt());
        }
        if (now.plus(ALLOWED_CLOCK_SKEW).isBefore(card.issuedAt())) {
            return new CardVerification.NotYetValid(card, card.issuedAt());
        }
        return new CardVerification.Valid(card, keyId);
    }
}

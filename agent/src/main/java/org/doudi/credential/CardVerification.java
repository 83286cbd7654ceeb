package org.doudi.credential;

import java.time.Instant;

/**
 * Everything that can come of reading a card. Outcomes after the signature check carry the card, so
 * the counter can say whose card expired or was revoked; earlier ones carry nothing from the card,
 * because nothing in it can be believed yet.
 */
public sealed interface CardVerification {
    record Valid(HouseholdCard card, KeyId issuer) implements CardVerification {
    }

    record Expired(HouseholdCard card, Instant expiredAt) implements CardVerification {
    }

    record NotYetValid(HouseholdCard card, Instant validFrom) implements CardVerification {
    }

    record Revoked(HouseholdCard card) implements CardVerification {
    }

    record UnknownIssuer(KeyId keyId) implements CardVerification {
    }

    record BadSignature() implements CardVerification {
    }

    /** The reason is a fixed phrase from this package, safe to log. */
    record Malformed(String reason) implements CardVerification {
    }

    record TooLarge(int length, int limit) implements CardVerification {
    }
}

package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORPairsBuilder;
import com.authlete.cwt.constants.CWTClaims;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The card's CWT claims set (RFC 8392): registered claims where one fits, small negative keys (one
 * CBOR byte each) for the rest. The table is in docs/credentials.md; a key here is never reused for
 * another meaning. {@code iss} is left out because the protected header's {@code kid} already names
 * the issuer, through the trust list, at no extra cost.
 */
public final class CardClaims {
    static final int EXPIRES_AT = CWTClaims.EXP;
    static final int ISSUED_AT = CWTClaims.IAT;
    static final int SERIAL = CWTClaims.CTI;
    static final int HOUSEHOLD_ID = -1;
    static final int TOWNSHIP = -2;
    static final int CATEGORIES = -3;
    static final int CARD_VERSION = -4;
    static final int MASKED_HEAD_NAME = -5;
    private static final Set<Integer> KNOWN = Set.of(
            EXPIRES_AT, ISSUED_AT, SERIAL, HOUSEHOLD_ID, TOWNSHIP, CATEGORIES, CARD_VERSION, MASKED_HEAD_NAME);

    private CardClaims() {
    }

    /** The CBOR claims map a card's COSE_Sign1 carries as its payload. */
    public static byte[] encode(HouseholdCard card) {
        CBORPairsBuilder claims = new CBORPairsBuilder()
                .add(HOUSEHOLD_ID, card.householdId())
                .add(TOWNSHIP, card.township().asNumber())
                .add(CATEGORIES, card.categories().stream().map(AssistanceCategory::code).toList())
                .add(SERIAL, card.serial().value().getBytes(StandardCharsets.US_ASCII))
                .add(CARD_VERSION, card.cardVersion())
                .add(ISSUED_AT, card.issuedAt().getEpochSecond())
                .add(EXPIRES_AT, card.expiresAt().getEpochSecond());
        card.maskedHeadName().ifPresent(name -> claims.add(MASKED_HEAD_NAME, name));
        return new CBORPairList(claims.build()).encode();
    }

    static HouseholdCard decode(byte[] payload) throws MalformedException {
        Map<Integer, CBORItem> claims = Cbor.intKeyedMap(Cbor.decodeSingle(payload), KNOWN, "claims");
        List<AssistanceCategory> categories = new ArrayList<>();
        for (CBORItem code : Cbor.array(Cbor.required(claims, CATEGORIES, "categories"), "categories")) {
            categories.add(AssistanceCategory.fromCode(Cbor.integer(code, "category"))
                    .orElseThrow(() -> new MalformedException("unknown assistance category")));
        }
        Optional<String> maskedName = claims.containsKey(MASKED_HEAD_NAME)
                ? Optional.of(Cbor.text(claims.get(MASKED_HEAD_NAME), "masked name"))
                : Optional.empty();
        long cardVersion = Cbor.nonNegative(Cbor.required(claims, CARD_VERSION, "card version"), "card version");
        if (cardVersion > HouseholdCard.MAX_CARD_VERSION) {
            throw new MalformedException("card version is out of range");
        }
        try {
            return new HouseholdCard(
                    Cbor.text(Cbor.required(claims, HOUSEHOLD_ID, "household id"), "household id"),
                    TownshipCode.of(Cbor.nonNegative(Cbor.required(claims, TOWNSHIP, "township"), "township")),
                    categories,
                    new CardSerial(new String(
                            Cbor.bytes(Cbor.required(claims, SERIAL, "serial"), "serial"), StandardCharsets.US_ASCII)),
                    (int) cardVersion,
                    Cbor.epochSeconds(Cbor.required(claims, ISSUED_AT, "issued-at"), "issued-at"),
                    Cbor.epochSeconds(Cbor.required(claims, EXPIRES_AT, "expiry"), "expiry"),
                    maskedName);
        } catch (IllegalArgumentException e) {
            // The record's own rules (masked name, id shape, dates in order) apply to cards read back too.
            throw new MalformedException("claims break the card rules");
        }
    }
}

package org.doudi.credential;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a household's assistance card states, as signed by its issuer. It deliberately carries no
 * personal data beyond an optional masked head-of-household name ("张*"): the card is shown at every
 * counter and kiosk, and anything on it is readable by any QR scanner.
 *
 * @param householdId   the household's id in the assistance register
 * @param township      where the household is registered
 * @param categories    the assistance the household receives, in code order, never empty
 * @param serial        this physical card
 * @param cardVersion   1 for the first card, one more for each replacement of a lost or changed card
 * @param issuedAt      when the card was issued; it is not valid before (bar a little clock skew)
 * @param expiresAt     the card is not valid from this instant on
 * @param maskedHeadName the head of household's name with all but the leading character(s) masked
 */
public record HouseholdCard(
        String householdId,
        TownshipCode township,
        List<AssistanceCategory> categories,
        CardSerial serial,
        int cardVersion,
        Instant issuedAt,
        Instant expiresAt,
        Optional<String> maskedHeadName) {

    public static final int MAX_HOUSEHOLD_ID_LENGTH = 32;
    public static final int MAX_CARD_VERSION = 0xFFFF;
    private static final Pattern HOUSEHOLD_ID = Pattern.compile("[0-9A-Za-z-]{1," + MAX_HOUSEHOLD_ID_LENGTH + "}");
    /** One or two visible characters (compound surnames such as 欧阳), then only asterisks. */
    private static final Pattern MASKED_NAME = Pattern.compile("\\p{IsHan}{1,2}\\*{1,4}");

    public HouseholdCard {
        if (householdId == null || !HOUSEHOLD_ID.matcher(householdId).matches()) {
            throw new IllegalArgumentException(
                    "a household id is 1 to " + MAX_HOUSEHOLD_ID_LENGTH + " ASCII letters, digits or hyphens");
        }
        Objects.requireNonNull(township, "township");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(maskedHeadName, "maskedHeadName");
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("a household card states at least one assistance category");
        }
        categories = categories.stream().distinct().sorted(Comparator.comparingInt(AssistanceCategory::code)).toList();
        if (cardVersion < 1 || cardVersion > MAX_CARD_VERSION) {
            throw new IllegalArgumentException("a card version is 1 to " + MAX_CARD_VERSION);
        }
        // Whole seconds because that is what the card carries; a finer instant would not round-trip.
        if (issuedAt.getNano() != 0 || expiresAt.getNano() != 0) {
            throw new IllegalArgumentException("card times are whole seconds");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a card expires after it is issued");
        }
        // Refusing an unmasked name here keeps a full name off every card, whatever the caller passes.
        if (maskedHeadName.isPresent() && !MASKED_NAME.matcher(maskedHeadName.get()).matches()) {
            throw new IllegalArgumentException("the head-of-household name must be masked, e.g. 张*");
        }
    }

    /** Names the card by serial only, so that logging a card never writes the household's details. */
    @Override
    public String toString() {
        return "HouseholdCard[serial=" + serial.value() + "]";
    }
}

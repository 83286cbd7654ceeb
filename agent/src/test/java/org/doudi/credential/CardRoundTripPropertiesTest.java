package org.doudi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CardRoundTripPropertiesTest {
    private static final TestCards CARDS = new TestCards();

    @Property(tries = 300)
    void anyCardTheRulesAllowVerifiesAsItselfWhileValid(@ForAll("cards") HouseholdCard card) {
        Instant midway = card.issuedAt().plusSeconds((card.expiresAt().getEpochSecond() - card.issuedAt().getEpochSecond()) / 2);

        CardVerification result = CARDS.verifierAt(midway).verify(CARDS.issue(card));

        assertThat(result).isEqualTo(new CardVerification.Valid(card, TestCards.ISSUER_ID));
    }

    @Provide
    Arbitrary<HouseholdCard> cards() {
        Arbitrary<String> householdId = Arbitraries.strings().withChars("0123456789ABCDEFabcdef-")
                .ofMinLength(1).ofMaxLength(HouseholdCard.MAX_HOUSEHOLD_ID_LENGTH);
        Arbitrary<TownshipCode> township = Arbitraries.oneOf(
                Arbitraries.longs().between(100_000_000L, 999_999_999L),
                Arbitraries.longs().between(100_000_000_000L, 999_999_999_999L)).map(TownshipCode::of);
        Arbitrary<List<AssistanceCategory>> categories =
                Arbitraries.of(AssistanceCategory.class).list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<CardSerial> serial = Arbitraries.strings().withChars("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ-")
                .ofMinLength(3).ofMaxLength(CardSerial.MAX_LENGTH - 1).map(tail -> new CardSerial("S" + tail));
        Arbitrary<Integer> version = Arbitraries.integers().between(1, HouseholdCard.MAX_CARD_VERSION);
        Arbitrary<Long> issuedAt = Arbitraries.longs().between(0, 4_000_000_000L);
        Arbitrary<Long> lifetime = Arbitraries.longs().between(1, 20L * 365 * 86_400);
        Arbitrary<Optional<String>> name = Arbitraries.of("张*", "欧阳**", "李***", "王*").optional();
        return Combinators.combine(householdId, township, categories, serial, version, issuedAt, lifetime, name)
                .as((id, town, cats, ser, ver, iat, life, masked) -> new HouseholdCard(id, town, cats, ser, ver,
                        Instant.ofEpochSecond(iat), Instant.ofEpochSecond(iat + life), masked));
    }
}

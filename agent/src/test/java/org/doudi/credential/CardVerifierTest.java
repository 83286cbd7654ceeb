package org.doudi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORPairsBuilder;
import com.authlete.cose.COSEProtectedHeaderBuilder;
import com.authlete.cose.COSESign1;
import com.authlete.cose.COSESign1Builder;
import com.authlete.cose.COSEUnprotectedHeaderBuilder;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.Test;

class CardVerifierTest {
    private final TestCards cards = new TestCards();
    private final Instant during = TestCards.ISSUED.plusSeconds(3600);

    @Test
    void aCardFromATrustedIssuerIsValid() {
        CardVerification result = cards.verifierAt(during).verify(cards.issue(TestCards.card()));

        assertThat(result).isEqualTo(new CardVerification.Valid(TestCards.card(), TestCards.ISSUER_ID));
    }

    @Test
    void scannerWhitespaceAroundTheTextIsIgnored() {
        assertThat(cards.verifierAt(during).verify(cards.issue(TestCards.card()) + "\r\n"))
                .isInstanceOf(CardVerification.Valid.class);
    }

    @Test
    void theCardExpiresExactlyAtItsExpiry() {
        String text = cards.issue(TestCards.card());

        assertThat(cards.verifierAt(TestCards.EXPIRES.minusSeconds(1)).verify(text))
                .isInstanceOf(CardVerification.Valid.class);
        assertThat(cards.verifierAt(TestCards.EXPIRES).verify(text))
                .isEqualTo(new CardVerification.Expired(TestCards.card(), TestCards.EXPIRES));
    }

    @Test
    void aCardIsNotValidBeforeItsIssueBeyondTheAllowedSkew() {
        String text = cards.issue(TestCards.card());
        Instant earliest = TestCards.ISSUED.minus(CardVerifier.ALLOWED_CLOCK_SKEW);

        assertThat(cards.verifierAt(earliest).verify(text)).isInstanceOf(CardVerification.Valid.class);
        assertThat(cards.verifierAt(earliest.minusSeconds(1)).verify(text))
                .isEqualTo(new CardVerification.NotYetValid(TestCards.card(), TestCards.ISSUED));
    }

    @Test
    void aRevokedSerialIsRevokedEvenWhenOtherwiseValid() {
        HouseholdCard card = TestCards.card();

        assertThat(cards.verifierAt(during, new CardSerial("OTHER-1"), card.serial()).verify(cards.issue(card)))
                .isEqualTo(new CardVerification.Revoked(card));
    }

    @Test
    void aKeyIdMissingFromTheTrustListIsAnUnknownIssuer() {
        String text = CardText.format(TestCards.sign(TestCards.card(), new KeyId("elsewhere"), cards.issuer.getPrivate()));

        assertThat(cards.verifierAt(during).verify(text)).isEqualTo(new CardVerification.UnknownIssuer(new KeyId("elsewhere")));
    }

    @Test
    void aCardSignedByAnotherKeyUnderATrustedKeyIdHasABadSignature() {
        String forged = CardText.format(
                TestCards.sign(TestCards.card(), TestCards.ISSUER_ID, TestCards.generate().getPrivate()));

        assertThat(cards.verifierAt(during).verify(forged)).isEqualTo(new CardVerification.BadSignature());
    }

    @Test
    void changingAnyByteOfTheSignedCardNeverYieldsAValidCard() {
        byte[] signed = TestCards.sign(TestCards.card(), TestCards.ISSUER_ID, cards.issuer.getPrivate());
        CardVerifier verifier = cards.verifierAt(during);
        int payloadStart = indexOf(signed, CardClaims.encode(TestCards.card()));
        assertThat(payloadStart).isPositive();

        for (int i = 0; i < signed.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] tampered = signed.clone();
                tampered[i] ^= (byte) mask;
                CardVerification result = verifier.verify(CardText.format(tampered));
                if (i >= payloadStart) {
                    assertThat(result).as("byte %d ^ %x", i, mask)
                            .isInstanceOfAny(CardVerification.BadSignature.class, CardVerification.Malformed.class);
                } else {
                    // The protected header holds the key id: changing it may just name an unknown issuer.
                    assertThat(result).as("byte %d ^ %x", i, mask).isInstanceOfAny(CardVerification.BadSignature.class,
                            CardVerification.Malformed.class, CardVerification.UnknownIssuer.class);
                }
            }
        }
    }

    @Test
    void tooLongTextIsRefusedBeforeAnyDecoding() {
        // Not even Base45: were it decoded first, this would come back Malformed.
        String huge = "SA1:" + "a".repeat(CardText.MAX_TEXT_LENGTH);

        assertThat(cards.verifierAt(during).verify(huge))
                .isEqualTo(new CardVerification.TooLarge(huge.length(), CardText.MAX_TEXT_LENGTH));
    }

    @Test
    void textThatIsNotAnSa1CardIsMalformed() {
        CardVerifier verifier = cards.verifierAt(during);

        assertThat(verifier.verify("https://example.org/")).isEqualTo(new CardVerification.Malformed("not an SA1 card"));
        assertThat(verifier.verify("SA1:abc")).isEqualTo(new CardVerification.Malformed("not Base45"));
        assertThat(verifier.verify("SA1:")).isEqualTo(new CardVerification.Malformed("empty CBOR"));
        assertThat(verifier.verify(CardText.format(new byte[] {0x1C}))).isEqualTo(new CardVerification.Malformed("not CBOR"));
        assertThat(verifier.verify(null)).isEqualTo(new CardVerification.Malformed("no text"));
        assertThat(verifier.verify(CardText.format(new byte[] {(byte) 0xA0})))
                .isEqualTo(new CardVerification.Malformed("not a COSE_Sign1"));
    }

    @Test
    void trailingBytesAfterTheSignedCardAreMalformed() {
        byte[] signed = TestCards.sign(TestCards.card(), TestCards.ISSUER_ID, cards.issuer.getPrivate());
        byte[] padded = Arrays.copyOf(signed, signed.length + 1);

        assertThat(cards.verifierAt(during).verify(CardText.format(padded)))
                .isEqualTo(new CardVerification.Malformed("bytes after the CBOR item"));
    }

    @Test
    void anAlgorithmOtherThanEdDsaIsMalformedWhateverTheSignature() {
        COSESign1 es256 = new COSESign1Builder()
                .protectedHeader(new COSEProtectedHeaderBuilder().alg(-7).kid(TestCards.ISSUER_ID.bytes()).build())
                .payload(CardClaims.encode(TestCards.card()))
                .signature(new byte[64])
                .build();

        assertThat(cards.verifierAt(during).verify(CardText.format(es256.encode())))
                .isEqualTo(new CardVerification.Malformed("unsupported signature algorithm"));
    }

    @Test
    void anythingInTheUnprotectedHeaderIsMalformed() {
        COSESign1 signed;
        try {
            signed = COSESign1.build(Cbor.decodeSingle(
                    TestCards.sign(TestCards.card(), TestCards.ISSUER_ID, cards.issuer.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        COSESign1 withUnprotected = new COSESign1Builder()
                .protectedHeader(signed.getProtectedHeader())
                .unprotectedHeader(new COSEUnprotectedHeaderBuilder().contentType("text/plain").build())
                .payload((com.authlete.cbor.CBORByteArray) signed.getPayload())
                .signature(signed.getSignature())
                .build();

        assertThat(cards.verifierAt(during).verify(CardText.format(withUnprotected.encode())))
                .isEqualTo(new CardVerification.Malformed("unprotected header is not empty"));
    }

    @Test
    void signedClaimsWithAnUnknownKeyOrAnUnmaskedNameAreMalformed() {
        byte[] unknownClaim = new CBORPairList(new CBORPairsBuilder().add(-99, 1).build()).encode();
        String withUnknownClaim = CardText.format(SignedCbor.sign(
                unknownClaim, Optional.of(TestCards.ISSUER_ID), Optional.empty(), cards.issuer.getPrivate()));
        HouseholdCard card = TestCards.card();
        byte[] unmasked = new CBORPairList(new CBORPairsBuilder()
                .add(CardClaims.HOUSEHOLD_ID, card.householdId())
                .add(CardClaims.TOWNSHIP, card.township().asNumber())
                .add(CardClaims.CATEGORIES, List.of(1))
                .add(CardClaims.SERIAL, card.serial().value().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .add(CardClaims.CARD_VERSION, 1)
                .add(CardClaims.ISSUED_AT, card.issuedAt().getEpochSecond())
                .add(CardClaims.EXPIRES_AT, card.expiresAt().getEpochSecond())
                .add(CardClaims.MASKED_HEAD_NAME, "张三")
                .build()).encode();
        String withFullName = CardText.format(SignedCbor.sign(
                unmasked, Optional.of(TestCards.ISSUER_ID), Optional.empty(), cards.issuer.getPrivate()));

        assertThat(cards.verifierAt(during).verify(withUnknownClaim))
                .isEqualTo(new CardVerification.Malformed("claims has an unknown key"));
        assertThat(cards.verifierAt(during).verify(withFullName))
                .isEqualTo(new CardVerification.Malformed("claims break the card rules"));
    }

    @Test
    void theLargestCardTheRulesAllowStillFitsVersion11AtLevelM() throws Exception {
        HouseholdCard largest = new HouseholdCard("H".repeat(HouseholdCard.MAX_HOUSEHOLD_ID_LENGTH),
                new TownshipCode("999999999999"), List.of(AssistanceCategory.values()),
                new CardSerial("S".repeat(CardSerial.MAX_LENGTH)), HouseholdCard.MAX_CARD_VERSION,
                Instant.parse("2099-01-01T00:00:00Z"), Instant.parse("2105-01-01T00:00:00Z"), Optional.of("欧阳****"));
        String typical = cards.issue(TestCards.card());
        String largestText = CardText.format(
                TestCards.sign(largest, new KeyId("K".repeat(KeyId.MAX_LENGTH)), cards.issuer.getPrivate()));

        int typicalVersion = Encoder.encode(typical, ErrorCorrectionLevel.M).getVersion().getVersionNumber();
        int largestVersion = Encoder.encode(largestText, ErrorCorrectionLevel.M).getVersion().getVersionNumber();
        System.out.printf("typical card: %d bytes, %d characters, QR version %d at M%n",
                new Base45().decode(typical.substring(4)).length, typical.length(), typicalVersion);
        System.out.printf("largest card: %d bytes, %d characters, QR version %d at M%n",
                new Base45().decode(largestText.substring(4)).length, largestText.length(), largestVersion);

        assertThat(typicalVersion).isLessThanOrEqualTo(10);
        assertThat(largestVersion).isLessThanOrEqualTo(11);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

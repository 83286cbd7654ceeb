package org.doudi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whatever a scanner hands over, the verifier answers with an outcome and never throws. Without
 * JAZZER_FUZZ set this replays the seeds under CardVerifierFuzzTestInputs; with it, Jazzer mutates
 * them for 30 seconds a method.
 */
class CardVerifierFuzzTest {
    /** Marks an input to be wrapped; a byte no scanned text starts with, so text seeds stay text. */
    static final byte WRAP_AS_CARD = 0;

    private static final TestCards CARDS = new TestCards();
    private static final CardVerifier VERIFIER = CARDS.verifierAt(TestCards.ISSUED.plusSeconds(60));

    /**
     * The whole path from scanned text. Inputs starting with a zero byte are wrapped as {@code SA1:} +
     * Base45 so the mutations reach the CBOR and COSE decoding rather than dying at the prefix check.
     */
    @FuzzTest(maxDuration = "30s")
    void verifyOnlyEverReturnsAnOutcome(byte[] input) {
        assertThat(VERIFIER.verify(asScannedText(input))).isNotNull();
    }

    /**
     * Claims are only decoded once the signature holds, which random bytes never achieve; signing the
     * input as the payload puts the claims decoder itself under the fuzzer, as if an issuer key had
     * been stolen or an issuing bug let odd claims through.
     */
    @FuzzTest(maxDuration = "30s")
    void signedClaimsOnlyEverYieldAnOutcome(byte[] claims) {
        String signed = CardText.format(TestCards.sign(claims, TestCards.ISSUER_ID, CARDS.issuer.getPrivate()));

        CardVerification result = VERIFIER.verify(signed);

        assertThat(result).isNotInstanceOfAny(CardVerification.BadSignature.class, CardVerification.UnknownIssuer.class);
    }

    static String asScannedText(byte[] input) {
        if (input.length > 0 && input[0] == WRAP_AS_CARD) {
            byte[] body = Arrays.copyOfRange(input, 1, input.length);
            return body.length <= CardText.MAX_SIGNED_BYTES ? CardText.format(body) : "SA1:" + "0".repeat(body.length);
        }
        return new String(input, StandardCharsets.UTF_8);
    }
}

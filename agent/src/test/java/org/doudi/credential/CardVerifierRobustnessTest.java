package org.doudi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a real card, run on every build: the Jazzer test only replays its seeds
 * unless fuzzing is switched on, so this keeps a few thousand hostile inputs in the ordinary test run.
 */
class CardVerifierRobustnessTest {
    private final TestCards cards = new TestCards();

    @Test
    void mutatedCardsOnlyEverYieldOutcomesAndNeverValid() {
        byte[] signed = TestCards.sign(TestCards.card(), TestCards.ISSUER_ID, cards.issuer.getPrivate());
        CardVerifier verifier = cards.verifierAt(TestCards.ISSUED.plusSeconds(60));
        Random random = new Random(20261123L);

        for (int round = 0; round < 20_000; round++) {
            byte[] mutated = mutate(signed, random);
            CardVerification result = verifier.verify(CardText.format(mutated));
            assertThat(result).isNotNull();
            if (!java.util.Arrays.equals(mutated, signed)) {
                assertThat(result).as("round %d", round).isNotInstanceOf(CardVerification.Valid.class);
            }
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            switch (random.nextInt(3)) {
                case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - random.nextInt(8)));
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                    longer[longer.length - 1] = (byte) random.nextInt(256);
                    bytes = longer;
                }
            }
            if (bytes.length == 0) {
                return bytes;
            }
        }
        return bytes;
    }
}

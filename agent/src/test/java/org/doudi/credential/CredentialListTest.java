package org.doudi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialListTest {
    private final TestCards cards = new TestCards();
    private final Instant now = TestCards.ISSUED;

    @Test
    void aTrustListSignedByTheRootIsAccepted() {
        TrustList list = cards.trustList(3);

        ListCheck<TrustList> check = TrustList.check(cards.signedByRoot(list), cards.root.getPublic(), TestCards.at(now),
                Optional.empty());

        assertThat(check).isEqualTo(new ListCheck.Accepted<>(list));
        assertThat(((ListCheck.Accepted<TrustList>) check).list().issuer(TestCards.ISSUER_ID))
                .map(IssuerKey::publicKey).contains(cards.issuer.getPublic());
    }

    @Test
    void aRevocationListSignedByTheRootIsAccepted() {
        RevocationList list = cards.revocationList(2, new CardSerial("GX26-1"), new CardSerial("GX26-2"));

        assertThat(RevocationList.check(cards.signedByRoot(list), cards.root.getPublic(), TestCards.at(now),
                Optional.empty())).isEqualTo(new ListCheck.Accepted<>(list));
    }

    @Test
    void anOlderTrustListCannotReplaceANewerOne() {
        TrustList installed = cards.trustList(5);

        assertThat(problem(TrustList.check(cards.signedByRoot(cards.trustList(4)), cards.root.getPublic(),
                TestCards.at(now), Optional.of(installed)))).isEqualTo(ListProblem.ROLLBACK);
        assertThat(TrustList.check(cards.signedByRoot(cards.trustList(5)), cards.root.getPublic(), TestCards.at(now),
                Optional.of(installed))).isInstanceOf(ListCheck.Accepted.class);
        assertThat(TrustList.check(cards.signedByRoot(cards.trustList(6)), cards.root.getPublic(), TestCards.at(now),
                Optional.of(installed))).isInstanceOf(ListCheck.Accepted.class);
    }

    @Test
    void anOlderRevocationListCannotUnrevokeACard() {
        RevocationList installed = cards.revocationList(9, new CardSerial("GX26-1"));

        assertThat(problem(RevocationList.check(cards.signedByRoot(cards.revocationList(8)), cards.root.getPublic(),
                TestCards.at(now), Optional.of(installed)))).isEqualTo(ListProblem.ROLLBACK);
    }

    @Test
    void anExpiredListIsRefused() {
        assertThat(problem(TrustList.check(cards.signedByRoot(cards.trustList(1)), cards.root.getPublic(),
                TestCards.at(TestCards.EXPIRES), Optional.empty()))).isEqualTo(ListProblem.EXPIRED);
        assertThat(problem(RevocationList.check(cards.signedByRoot(cards.revocationList(1)), cards.root.getPublic(),
                TestCards.at(TestCards.EXPIRES.plusSeconds(1)), Optional.empty()))).isEqualTo(ListProblem.EXPIRED);
    }

    @Test
    void aListSignedByAnyOtherKeyHasABadSignature() {
        byte[] signedByIssuer = SignedCbor.sign(cards.trustList(1).payload(), Optional.of(TestCards.ISSUER_ID),
                Optional.of(TrustList.CONTENT_TYPE), cards.issuer.getPrivate());

        assertThat(problem(TrustList.check(signedByIssuer, cards.root.getPublic(), TestCards.at(now), Optional.empty())))
                .isEqualTo(ListProblem.BAD_SIGNATURE);
    }

    @Test
    void aBareOrEmptySignedListIsUnsigned() throws Exception {
        byte[] bare = cards.trustList(1).payload();
        byte[] signed = cards.signedByRoot(cards.trustList(1));
        com.authlete.cose.COSESign1 message = com.authlete.cose.COSESign1.build(Cbor.decodeSingle(signed));
        byte[] emptySignature = new com.authlete.cose.COSESign1Builder()
                .protectedHeader(message.getProtectedHeader())
                .payload((com.authlete.cbor.CBORByteArray) message.getPayload())
                .signature(new byte[0])
                .build()
                .encode();

        assertThat(problem(TrustList.check(bare, cards.root.getPublic(), TestCards.at(now), Optional.empty())))
                .isEqualTo(ListProblem.UNSIGNED);
        assertThat(problem(TrustList.check(emptySignature, cards.root.getPublic(), TestCards.at(now), Optional.empty())))
                .isEqualTo(ListProblem.UNSIGNED);
    }

    @Test
    void aRevocationListCannotPassAsATrustList() {
        byte[] revocation = cards.signedByRoot(cards.revocationList(1));

        assertThat(TrustList.check(revocation, cards.root.getPublic(), TestCards.at(now), Optional.empty()))
                .isEqualTo(new ListCheck.Refused<>(ListProblem.CORRUPT, "not a " + TrustList.CONTENT_TYPE));
    }

    @Test
    void garbageIsCorruptAndOversizeIsRefusedUnread() {
        byte[] signed = cards.signedByRoot(cards.trustList(1));

        assertThat(problem(TrustList.check(Arrays.copyOf(signed, signed.length - 5), cards.root.getPublic(),
                TestCards.at(now), Optional.empty()))).isEqualTo(ListProblem.CORRUPT);
        assertThat(problem(TrustList.check(new byte[TrustList.MAX_SIGNED_BYTES + 1], cards.root.getPublic(),
                TestCards.at(now), Optional.empty()))).isEqualTo(ListProblem.TOO_LARGE);
    }

    @Test
    void aListNestedMillionsDeepIsCorruptNotACrash() {
        byte[] nested = new byte[RevocationList.MAX_SIGNED_BYTES];
        Arrays.fill(nested, (byte) 0x81);

        assertThat(RevocationList.check(nested, cards.root.getPublic(), TestCards.at(now), Optional.empty()))
                .isEqualTo(new ListCheck.Refused<>(ListProblem.CORRUPT, "CBOR nested too deeply"));
    }

    @Test
    void aSignedTrustListWithTheSameKeyIdTwiceIsCorrupt() {
        IssuerKey key = new IssuerKey(TestCards.ISSUER_ID, cards.issuer.getPublic());
        byte[] payload = SignedLists.payload(new SignedLists.Envelope(1, TestCards.ISSUED, TestCards.EXPIRES),
                List.of(Ed25519Keys.toCoseKey(key), Ed25519Keys.toCoseKey(key)));
        byte[] signed = SignedCbor.sign(payload, Optional.empty(), Optional.of(TrustList.CONTENT_TYPE),
                cards.root.getPrivate());

        assertThat(TrustList.check(signed, cards.root.getPublic(), TestCards.at(now), Optional.empty()))
                .isEqualTo(new ListCheck.Refused<>(ListProblem.CORRUPT, "a key id appears twice in the trust list"));
    }

    @Test
    void mutatedListsAreRefusedAndNeverThrow() {
        byte[] signed = cards.signedByRoot(cards.trustList(1));
        java.util.Random random = new java.util.Random(20261123L);

        for (int round = 0; round < 5_000; round++) {
            byte[] mutated = signed.clone();
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            ListCheck<TrustList> check = TrustList.check(
                    Arrays.copyOf(mutated, mutated.length - random.nextInt(3)), cards.root.getPublic(),
                    TestCards.at(now), Optional.empty());
            assertThat(check).as("round %d", round).isInstanceOf(ListCheck.Refused.class);
        }
    }

    static ListProblem problem(ListCheck<?> check) {
        assertThat(check).isInstanceOf(ListCheck.Refused.class);
        return ((ListCheck.Refused<?>) check).problem();
    }
}

package org.doudi.provisioning.card;

import java.util.Objects;
import java.util.Optional;
import org.doudi.credential.CardClaims;
import org.doudi.credential.CardText;
import org.doudi.credential.HouseholdCard;
import org.doudi.credential.SignedCbor;

/** Signs household cards with one issuer key. */
public final class CardIssuer {
    private final IssuerKeyPair issuerKey;

    public CardIssuer(IssuerKeyPair issuerKey) {
        this.issuerKey = Objects.requireNonNull(issuerKey, "issuerKey");
    }

    public IssuedCard issue(HouseholdCard card) {
        byte[] signed = SignedCbor.sign(
                CardClaims.encode(card), Optional.of(issuerKey.keyId()), Optional.empty(), issuerKey.privateKey());
        return new IssuedCard(card, issuerKey.keyId(), CardText.format(signed), signed.length);
    }
}

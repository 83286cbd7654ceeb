package org.doudi.provisioning.card;

import org.doudi.credential.HouseholdCard;
import org.doudi.credential.KeyId;

/**
 * A freshly signed card: the claims, who signed them, and the {@code SA1:} text to put in the QR.
 *
 * @param signedBytes size of the COSE_Sign1 before Base45, for the issuance report
 */
public record IssuedCard(HouseholdCard card, KeyId issuer, String text, int signedBytes) {
}

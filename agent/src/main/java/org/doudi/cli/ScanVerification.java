package org.doudi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.doudi.config.AgentConfig;
import org.doudi.config.Settings;
import org.doudi.credential.CardVerification;
import org.doudi.credential.CardVerifier;
import org.doudi.credential.HouseholdCard;
import org.doudi.credential.ListCheck;
import org.doudi.credential.RevocationList;
import org.doudi.credential.TrustList;
import org.doudi.credential.files.CredentialListFiles;
import org.doudi.credential.files.PemKeys;
import org.doudi.identity.IdNumberValidator;
import org.doudi.protocol.Json;
import org.doudi.scan.ScannedCode;

/**
 * What a scan means, for {@code decode} and {@code scan}: an ID number is checked layer by layer; a
 * household card is verified against the configured trust and revocation lists. Other kinds have no
 * verification yet (provisioning bundles come with device enrolment).
 */
final class ScanVerification {
    private final IdNumberValidator ids;
    private final Optional<CardVerifier> cards;
    private final String whyCardsCannotBeVerified;

    private ScanVerification(IdNumberValidator ids, Optional<CardVerifier> cards, String whyCardsCannotBeVerified) {
        this.ids = ids;
        this.cards = cards;
        this.whyCardsCannotBeVerified = whyCardsCannotBeVerified;
    }

    static ScanVerification from(AgentConfig config, Clock clock) {
        IdNumberValidator ids = IdNumberValidator.withBundledRegions(clock);
        Optional<String> rootKey = config.optionalText(Settings.CARDS_ROOT_KEY);
        Optional<String> trustList = config.optionalText(Settings.CARDS_TRUST_LIST);
        if (rootKey.isEmpty() || trustList.isEmpty()) {
            return new ScanVerification(ids, Optional.empty(),
                    "household cards cannot be verified: set cards.root-key and cards.trust-list");
        }
        PublicKey root;
        try {
            root = PemKeys.ed25519PublicKey(Files.readString(Path.of(rootKey.get()), StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            return new ScanVerification(ids, Optional.empty(), "cards.root-key is not an Ed25519 public key in PEM");
        }
        CredentialListFiles files = new CredentialListFiles(root, clock);
        ListCheck<TrustList> trust = files.loadTrustList(Path.of(trustList.get()), Optional.empty());
        if (!(trust instanceof ListCheck.Accepted<TrustList> acceptedTrust)) {
            return new ScanVerification(ids, Optional.empty(), "the trust list was refused: " + refusal(trust));
        }
        // Without a configured revocation list nothing is revoked; an empty list stands in for it.
        RevocationList revoked = new RevocationList(1, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"), Set.of());
        Optional<String> revocationList = config.optionalText(Settings.CARDS_REVOCATION_LIST);
        if (revocationList.isPresent()) {
            ListCheck<RevocationList> check = files.loadRevocationList(Path.of(revocationList.get()), Optional.empty());
            if (!(check instanceof ListCheck.Accepted<RevocationList> acceptedRevocations)) {
                return new ScanVerification(ids, Optional.empty(), "the revocation list was refused: " + refusal(check));
            }
            revoked = acceptedRevocations.list();
        }
        return new ScanVerification(ids, Optional.of(new CardVerifier(acceptedTrust.list(), revoked, clock)), "");
    }

    private static String refusal(ListCheck<?> check) {
        return check instanceof ListCheck.Refused<?> refused
                ? refused.problem().name().toLowerCase(java.util.Locale.ROOT) + " (" + refused.detail() + ")" : "refused";
    }

    /** The {@code verification} member of a scan's JSON; null where the kind has none. */
    ObjectNode verify(ScannedCode code) {
        return switch (code.kind()) {
            case RESIDENT_ID -> CheckIdCommand.toJson(code.text(), ids.check(code.text()));
            case HOUSEHOLD_CARD -> cards.map(verifier -> card(verifier.verify(code.text())))
                    .orElseGet(() -> outcome("not_verified", whyCardsCannotBeVerified));
            default -> null;
        };
    }

    private static ObjectNode card(CardVerification verification) {
        return switch (verification) {
            case CardVerification.Valid valid -> withCard(outcome("valid", "有效的救助卡 / a valid assistance card"),
                    valid.card()).put("issuer", valid.issuer().value());
            case CardVerification.Expired expired -> withCard(outcome("expired",
                    "救助卡已过期，请到乡镇更换 / the card has expired; renew it at the township office"), expired.card());
            case CardVerification.NotYetValid early -> withCard(outcome("not_yet_valid",
                    "救助卡尚未生效 / the card is not valid yet; check the tablet's clock"), early.card());
            case CardVerification.Revoked revoked -> withCard(outcome("revoked",
                    "救助卡已注销，请勿受理 / the card was revoked; do not accept it"), revoked.card());
            case CardVerification.UnknownIssuer unknown -> outcome("unknown_issuer",
                    "签发单位未知，请更新信任列表 / unknown issuer; update the trust list")
                    .put("issuer", unknown.keyId().value());
            case CardVerification.BadSignature bad -> outcome("bad_signature",
                    "签名不符，可能是伪造卡 / the signature does not match: possibly a forged card");
            case CardVerification.Malformed malformed -> outcome("malformed",
                    "不是有效的救助卡码 / not a valid assistance card code (" + malformed.reason() + ")");
            case CardVerification.TooLarge large -> outcome("too_large",
                    "码太长，不是救助卡 / too long for an assistance card (" + large.length() + " > " + large.limit() + ")");
        };
    }

    private static ObjectNode outcome(String result, String message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("result", result);
        node.put("message", message);
        return node;
    }

    private static ObjectNode withCard(ObjectNode node, HouseholdCard card) {
        node.put("household_id", card.householdId());
        node.put("township", card.township().digits());
        node.put("serial", card.serial().value());
        node.put("expires_at", card.expiresAt().toString());
        card.maskedHeadName().ifPresent(name -> node.put("head_of_household", name));
        var categories = node.putArray("categories");
        card.categories().forEach(c -> categories.add(c.chineseName()));
        return node;
    }
}

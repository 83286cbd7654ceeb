package org.doudi.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.doudi.cli.DoudiCommand;
import org.doudi.credential.AssistanceCategory;
import org.doudi.credential.CardSerial;
import org.doudi.credential.HouseholdCard;
import org.doudi.credential.KeyId;
import org.doudi.credential.RevocationList;
import org.doudi.credential.TownshipCode;
import org.doudi.credential.TrustList;
import org.doudi.protocol.Json;
import org.doudi.provisioning.card.CardIssuer;
import org.doudi.provisioning.card.CardQrCode;
import org.doudi.provisioning.card.CredentialListSigner;
import org.doudi.provisioning.card.IssuedCard;
import org.doudi.provisioning.card.IssuerKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doudi decode} as a field worker's tablet runs it: a card printed by the office verifies
 * against the configured trust list, a revoked one and a forged one are named as such, and a QR
 * holding an ID number is checked layer by layer.
 */
class DecodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void printedCardsAndIdNumbersAreVerified() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IssuerKeyPair root = IssuerKeyPair.generate(new KeyId("root-1"));
        IssuerKeyPair issuer = IssuerKeyPair.generate(new KeyId("mz-110101"));
        IssuerKeyPair forger = IssuerKeyPair.generate(new KeyId("mz-110101"));
        CredentialListSigner signer = new CredentialListSigner(root);
        Files.writeString(dir.resolve("root.pem"), root.publicKeyPem());
        Files.write(dir.resolve("trust.cbor"), signer.sign(new TrustList(1, now.minus(1, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS), List.of(issuer.publicPart()))));
        Files.write(dir.resolve("revoked.cbor"), signer.sign(new RevocationList(1, now.minus(1, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS), Set.of(new CardSerial("C-0002")))));

        Files.write(dir.resolve("valid.png"), CardQrCode.png(new CardIssuer(issuer).issue(card("C-0001", now))));
        Files.write(dir.resolve("revoked.png"), CardQrCode.png(new CardIssuer(issuer).issue(card("C-0002", now))));
        IssuedCard forged = new CardIssuer(forger).issue(card("C-0003", now));
        Files.write(dir.resolve("forged.png"), CardQrCode.png(forged));
        MatrixToImageWriter.writeToPath(new QRCodeWriter().encode("11010519491231002X", BarcodeFormat.QR_CODE, 300, 300),
                "PNG", dir.resolve("id.png"));

        List<JsonNode> lines = decode("--cards-root-key", dir.resolve("root.pem").toString(),
                "--cards-trust-list", dir.resolve("trust.cbor").toString(),
                "--cards-revocation-list", dir.resolve("revoked.cbor").toString(),
                dir.resolve("valid.png").toString(), dir.resolve("revoked.png").toString(),
                dir.resolve("forged.png").toString(), dir.resolve("id.png").toString());

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).path("classification").asText()).isEqualTo("HOUSEHOLD_CARD");
        assertThat(lines.get(0).path("verification").path("result").asText()).isEqualTo("valid");
        assertThat(lines.get(0).path("verification").path("household_id").asText()).isEqualTo("HH-C-0001");
        assertThat(lines.get(1).path("verification").path("result").asText()).isEqualTo("revoked");
        assertThat(lines.get(2).path("verification").path("result").asText()).isEqualTo("bad_signature");
        assertThat(lines.get(3).path("classification").asText()).isEqualTo("RESIDENT_ID");
        assertThat(lines.get(3).path("verification").path("verdict").path("code").asText()).isEqualTo("VALID");
    }

    @Test
    void withoutATrustListCardsAreReadButSaidToBeUnverified() throws Exception {
        IssuerKeyPair issuer = IssuerKeyPair.generate(new KeyId("mz-110101"));
        Files.write(dir.resolve("card.png"), CardQrCode.png(new CardIssuer(issuer).issue(card("C-0009", Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)))));
        List<JsonNode> lines = decode(dir.resolve("card.png").toString());
        assertThat(lines.get(0).path("verification").path("result").asText()).isEqualTo("not_verified");
        assertThat(lines.get(0).path("verification").path("message").asText()).contains("cards.trust-list");
    }

    private static HouseholdCard card(String serial, Instant now) {
        return new HouseholdCard("HH-" + serial, new TownshipCode("110101001"),
                List.of(AssistanceCategory.DIBAO, AssistanceCategory.LOW_INCOME), new CardSerial(serial), 1,
                now.minus(1, ChronoUnit.HOURS), now.plus(365, ChronoUnit.DAYS), Optional.of("张*"));
    }

    private static List<JsonNode> decode(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "decode";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = ChildJvm.start(DoudiCommand.class, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }
}

package org.doudi.provisioning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.doudi.cli.DoudiCommand;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.AssistanceCategory;
import org.doudi.credential.CardSerial;
import org.doudi.credential.CardVerification;
import org.doudi.credential.CardVerifier;
import org.doudi.credential.HouseholdCard;
import org.doudi.credential.KeyId;
import org.doudi.credential.ListCheck;
import org.doudi.credential.RevocationList;
import org.doudi.credential.TownshipCode;
import org.doudi.credential.TrustList;
import org.doudi.credential.files.CredentialListFiles;
import org.doudi.credential.files.PemKeys;
import org.doudi.protocol.Json;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.DecodeResult;
import org.doudi.scan.GreyImage;
import org.doudi.scan.ImageFiles;
import org.doudi.scan.ScanOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code provision} as the office runs it, checked the way devices check its output: the card text
 * through the agent's {@link CardVerifier}, the lists through its {@link CredentialListFiles}, with the
 * authority's root.public.pem as cards.root-key.
 */
class ProvisionCommandTest {
    private static final String SERIAL = "GX26-0000123";

    @TempDir
    Path dir;

    private Path cards;

    @BeforeEach
    void cardsDirectory() throws IOException {
        cards = Files.createDirectory(dir.resolve("cards"));
    }

    @Test
    void anIssuedCardIsValidOnDevicesWithTheSignedLists() throws Exception {
        Path office = init("office");
        Run issued = issue(office, SERIAL);
        Path trust = dir.resolve("trust-list.cose");
        Path revocations = dir.resolve("revocation-list.cose");
        Run trustSigned = provision("trust-list", "sign", "--authority", office.toString(), "--out", trust.toString());
        Run revocationsSigned = provision("revocation-list", "sign", "--authority", office.toString(),
                "--out", revocations.toString(), "--serial", "GX26-0000999");

        assertThat(List.of(issued.code(), trustSigned.code(), revocationsSigned.code())).containsOnly(ExitCodes.OK);
        assertThat(issued.out()).contains(SERIAL + ".txt", SERIAL + ".png", "QR version");
        assertThat(trustSigned.out() + revocationsSigned.out()).doesNotContain("BEGIN", "PRIVATE");
        String text = cardText(SERIAL);
        assertThat(decodedPng(SERIAL)).isEqualTo(text);
        CardVerification verification = verify(office, trust, Optional.of(revocations), text);
        assertThat(verification).isInstanceOf(CardVerification.Valid.class);
        HouseholdCard card = ((CardVerification.Valid) verification).card();
        assertThat(card.householdId()).isEqualTo("HH-4501231010000123");
        assertThat(card.township()).isEqualTo(new TownshipCode("450123101000"));
        assertThat(card.categories()).containsExactly(AssistanceCategory.DIBAO, AssistanceCategory.REGISTERED_POOR);
        assertThat(card.serial()).isEqualTo(new CardSerial(SERIAL));
        assertThat(card.cardVersion()).isEqualTo(1);
        assertThat(card.maskedHeadName()).contains("张*");
        assertThat(Duration.between(card.issuedAt(), card.expiresAt())).isEqualTo(Duration.ofDays(730));
        assertThat(card.issuedAt()).isBetween(Instant.now().minusSeconds(600), Instant.now());
    }

    @Test
    void aSerialInTheRevocationListRevokesTheCard() throws Exception {
        Path office = init("office");
        issue(office, SERIAL);
        Path trust = dir.resolve("trust-list.cose");
        provision("trust-list", "sign", "--authority", office.toString(), "--out", trust.toString());
        Path revocations = dir.resolve("revocation-list.cose");
        provision("revocation-list", "sign", "--authority", office.toString(), "--out", revocations.toString(),
                "--serial", "GX26-0000999");
        Path register = Files.writeString(dir.resolve("revoked.txt"), "# 已注销的卡 (lost or replaced)\n\nGX26-0000999\n  "
                + SERIAL + "  \n", StandardCharsets.UTF_8);

        Run signed = provision("revocation-list", "sign", "--authority", office.toString(),
                "--out", revocations.toString(), "--serials-file", register.toString(), "--serial", "GX26-0000777");

        assertThat(signed.code()).isEqualTo(ExitCodes.OK);
        assertThat(verify(office, trust, Optional.of(revocations), cardText(SERIAL)))
                .isInstanceOf(CardVerification.Revoked.class);
        RevocationList list = accepted(devicesOf(office).loadRevocationList(revocations, Optional.empty()));
        assertThat(list.sequence()).isEqualTo(2);
        assertThat(list.revoked()).containsExactlyInAnyOrder(
                new CardSerial("GX26-0000999"), new CardSerial(SERIAL), new CardSerial("GX26-0000777"));
    }

    @Test
    void anotherAuthoritysTrustListKnowsTheIssuerOnlyWhenGivenItsKey() throws Exception {
        Path office = init("office", "--issuer-key-id", "gx-hc-2026a");
        Path county = init("county");
        issue(office, SERIAL);
        Path countyTrust = dir.resolve("county-trust.cose");
        provision("trust-list", "sign", "--authority", county.toString(), "--out", countyTrust.toString());

        assertThat(verify(county, countyTrust, Optional.empty(), cardText(SERIAL)))
                .isEqualTo(new CardVerification.UnknownIssuer(new KeyId("gx-hc-2026a")));

        Run withOffice = provision("trust-list", "sign", "--authority", county.toString(), "--out", countyTrust.toString(),
                "--issuer-key", "gx-hc-2026a=" + office.resolve("card-issuer.public.pem"));
        assertThat(withOffice.code()).isEqualTo(ExitCodes.OK);
        assertThat(verify(county, countyTrust, Optional.empty(), cardText(SERIAL)))
                .isInstanceOf(CardVerification.Valid.class);
    }

    @Test
    void listSequencesRiseAndCannotBeTakenBack() throws Exception {
        Path office = init("office");
        Path trust = dir.resolve("trust-list.cose");
        String[] sign = {"trust-list", "sign", "--authority", office.toString(), "--out", trust.toString()};
        provision(sign);
        provision(sign);

        assertThat(accepted(devicesOf(office).loadTrustList(trust, Optional.empty())).sequence()).isEqualTo(2);
        Run back = provision(append(sign, "--sequence", "2"));
        assertThat(back.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(back.err()).contains("--sequence 2 is not above 2", "leave --sequence out to use 3");
        assertThat(provision(append(sign, "--sequence", "10")).code()).isEqualTo(ExitCodes.OK);
        assertThat(accepted(devicesOf(office).loadTrustList(trust, Optional.empty())).sequence()).isEqualTo(10);
    }

    @Test
    void theAuthorityIsOwnerOnlyAndNeverOverwritten() throws Exception {
        Path office = init("office");
        provision("trust-list", "sign", "--authority", office.toString(), "--out", dir.resolve("t.cose").toString());
        List<byte[]> before = contents(office);

        Run again = provision("authority", "init", "--dir", office.toString());

        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already holds an authority");
        assertThat(contents(office)).usingRecursiveComparison().isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(office))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(office)) {
            assertThat(files.toList()).hasSize(12).allSatisfy(file -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
        }
    }

    @Test
    void passphraseProtectedKeysOpenWithTheRightPassphraseOnly() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "correct horse battery staple\n");
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong horse battery staple\n");
        Path office = init("office", "--passphrase-file", passphrase.toString());

        assertThat(Files.readString(office.resolve("card-issuer.private.pem")))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Run without = issue(office, SERIAL);
        assertThat(without.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("card-issuer.private.pem is encrypted", "--passphrase-file");
        Run withWrong = issue(office, SERIAL, "--passphrase-file", wrong.toString());
        assertThat(withWrong.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(withWrong.err()).contains("the passphrase does not open").doesNotContain("horse");
        assertThat(cards.resolve(SERIAL + ".txt")).doesNotExist();

        Run withRight = issue(office, SERIAL, "--passphrase-file", passphrase.toString());
        Path trust = dir.resolve("trust-list.cose");
        Run trustSigned = provision("trust-list", "sign", "--authority", office.toString(), "--out", trust.toString(),
                "--passphrase-file", passphrase.toString());
        assertThat(List.of(withRight.code(), trustSigned.code())).containsOnly(ExitCodes.OK);
        assertThat(verify(office, trust, Optional.empty(), cardText(SERIAL))).isInstanceOf(CardVerification.Valid.class);
    }

    @Test
    void aShortPassphraseIsRefused() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "secret\n");

        Run run = provision("authority", "init", "--dir", dir.resolve("office").toString(),
                "--passphrase-file", passphrase.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("shorter than 12 characters").doesNotContain("secret");
        assertThat(dir.resolve("office")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--no-such-flag | x                | --no-such-flag",
        "--township     | 050123101000     | Invalid value for option '--township': a township code is 9 or 12 digits",
        "--township     | 4501231          | Invalid value for option '--township'",
        "--category     | dibao,dibo       | 'dibo' is not a category; use dibao, tekun, low-income",
        "--serial       | gx26-1           | Invalid value for option '--serial': a card serial is",
        "--household    | HH_1             | cannot issue the card: a household id is",
        "--valid-days   | 0                | --valid-days must be 1 to",
        "--card-version | 0                | cannot issue the card: a card version is",
        "--head-name    | 张三             | --head-name must be masked",
        "--head-name    | 张**********     | --head-name must be masked"})
    void badCardFlagsGiveTheUsageExitCode(String flag, String value, String message) throws Exception {
        Run run = issue(init("office"), SERIAL, flag, value);

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message, "Usage:").doesNotContain("Exception");
        assertThat(cards.resolve(SERIAL + ".txt")).doesNotExist();
    }

    @Test
    void anUnmaskedNameIsRefusedWithoutRepeatingIt() throws Exception {
        Run run = issue(init("office"), SERIAL, "--head-name", "欧阳娜娜");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("--head-name must be masked").contains("张*").doesNotContain("娜");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "authority", "card", "trust-list sign", "revocation-list sign --authority x --out y"})
    void missingCommandsAndFlagsGiveTheUsageExitCode(String args) {
        Run run = provision(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Usage:");
    }

    @Test
    void failuresAreOneClearLineWithTheirExitCode() throws Exception {
        Path office = init("office");
        issue(office, SERIAL);
        Path notAKey = Files.writeString(dir.resolve("other.pem"), "not a key\n");
        Path badSerials = Files.writeString(dir.resolve("serials.txt"), "GX26-0000001\nlost card of 王五\n");
        String out = dir.resolve("list.cose").toString();

        Run noAuthority = issue(dir.resolve("nowhere"), "GX26-0000124");
        Run exists = issue(office, SERIAL);
        Run badIssuerKey = provision("trust-list", "sign", "--authority", office.toString(), "--out", out,
                "--issuer-key", "other-1=" + notAKey);
        Run sameKeyId = provision("trust-list", "sign", "--authority", office.toString(), "--out", out,
                "--issuer-key", Authority.load(office).keyId(KeyRole.CARD_ISSUER).value() + "="
                        + office.resolve("card-issuer.public.pem"));
        Run badSerial = provision("revocation-list", "sign", "--authority", office.toString(), "--out", out,
                "--serials-file", badSerials.toString());
        Run missingSerials = provision("revocation-list", "sign", "--authority", office.toString(), "--out", out,
                "--serials-file", dir.resolve("absent.txt").toString());
        Files.writeString(office.resolve("root.private.pem"), "damaged\n");
        Run damaged = provision("trust-list", "sign", "--authority", office.toString(), "--out", out);

        assertThat(noAuthority.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noAuthority.err()).contains("holds no authority", "provision authority init --dir");
        assertThat(exists.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(exists.err()).contains(SERIAL + ".txt already exists", "choose another --out");
        assertThat(badIssuerKey.code()).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(badIssuerKey.err()).contains("other.pem is not an Ed25519 public key");
        assertThat(sameKeyId.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(sameKeyId.err()).contains("would be in the trust list twice");
        assertThat(badSerial.code()).isEqualTo(ExitCodes.REJECTED_INPUT);
        assertThat(badSerial.err()).contains("serials.txt line 2 is not a card serial").doesNotContain("王五");
        assertThat(missingSerials.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingSerials.err()).contains("cannot read", "absent.txt", "no such file");
        assertThat(damaged.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(damaged.err()).contains("root.private.pem is not a private key", "restore it from its backup");
        assertThat(Path.of(out)).doesNotExist();
        for (Run run : List.of(noAuthority, exists, badIssuerKey, sameKeyId, badSerial, missingSerials, damaged)) {
            assertThat(run.err()).startsWith("provision: ").doesNotContain("Exception", "\tat ").hasLineCount(1);
        }
    }

    /** The whole path: the PNG the office prints, read by {@code doudi decode} with the lists the office signed. */
    @Test
    void doudiDecodeVerifiesThePrintedCard() throws Exception {
        Path office = init("office");
        issue(office, SERIAL);
        Path trust = dir.resolve("trust-list.cose");
        Path revocations = dir.resolve("revocation-list.cose");
        provision("trust-list", "sign", "--authority", office.toString(), "--out", trust.toString());
        provision("revocation-list", "sign", "--authority", office.toString(), "--out", revocations.toString(),
                "--serials-file", Files.writeString(dir.resolve("none.txt"), "").toString());

        var doudi = DoudiCommand.commandLine();
        StringWriter out = new StringWriter();
        doudi.setOut(new PrintWriter(out));
        doudi.setErr(new PrintWriter(new StringWriter()));
        int code = doudi.execute("decode", "--cards-root-key", office.resolve("root.public.pem").toString(),
                "--cards-trust-list", trust.toString(), "--cards-revocation-list", revocations.toString(),
                cards.resolve(SERIAL + ".png").toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode verification = Json.MAPPER.readTree(out.toString().strip()).path("verification");
        assertThat(verification.path("result").asText()).isEqualTo("valid");
        assertThat(verification.path("serial").asText()).isEqualTo(SERIAL);
    }

    record Run(int code, String out, String err) {
    }

    static Run provision(String... args) {
        var cl = ProvisionCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path init(String name, String... extra) {
        Path authority = dir.resolve(name);
        Run run = provision(append(new String[] {"authority", "init", "--dir", authority.toString()}, extra));
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("root.public.pem", "card-issuer.private.pem").doesNotContain("BEGIN");
        return authority;
    }

    /** A card issue with realistic flags; {@code replaced} are pairs of a flag and the value it takes instead. */
    private Run issue(Path authority, String serial, String... replaced) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--authority", authority.toString());
        flags.put("--household", "HH-4501231010000123");
        flags.put("--township", "450123101000");
        flags.put("--category", "dibao,registered-poor");
        flags.put("--serial", serial);
        flags.put("--valid-days", "730");
        flags.put("--head-name", "张*");
        flags.put("--out", cards.resolve(serial).toString());
        for (int i = 0; i < replaced.length; i += 2) {
            flags.put(replaced[i], replaced[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("card", "issue"));
        flags.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        return provision(args.toArray(String[]::new));
    }

    private String cardText(String serial) throws IOException {
        return Files.readString(cards.resolve(serial + ".txt"), StandardCharsets.US_ASCII).strip();
    }

    /** Read as a device reads a photo of it. */
    private String decodedPng(String serial) {
        GreyImage image = ((ScanOutcome.Ok<GreyImage>) ImageFiles.read(cards.resolve(serial + ".png"))).value();
        DecodeResult result = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET).decode(image);
        return ((DecodeResult.Decoded) result).code().text();
    }

    private static CredentialListFiles devicesOf(Path authority) throws IOException {
        PublicKey root = PemKeys.ed25519PublicKey(Files.readString(authority.resolve("root.public.pem")));
        return new CredentialListFiles(root, Clock.systemUTC());
    }

    private static CardVerification verify(Path authority, Path trustList, Optional<Path> revocationList, String text)
            throws IOException {
        CredentialListFiles files = devicesOf(authority);
        TrustList trust = accepted(files.loadTrustList(trustList, Optional.empty()));
        RevocationList revoked = revocationList.isPresent()
                ? accepted(files.loadRevocationList(revocationList.get(), Optional.empty()))
                : new RevocationList(1, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"), Set.of());
        return new CardVerifier(trust, revoked, Clock.systemUTC()).verify(text);
    }

    private static <T> T accepted(ListCheck<T> check) {
        assertThat(check).isInstanceOf(ListCheck.Accepted.class);
        return ((ListCheck.Accepted<T>) check).list();
    }

    private static String[] append(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    private static List<byte[]> contents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<byte[]> contents = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                contents.add(Files.readAllBytes(file));
            }
            return contents;
        }
    }
}

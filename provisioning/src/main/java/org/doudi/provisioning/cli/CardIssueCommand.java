package org.doudi.provisioning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.AssistanceCategory;
import org.doudi.credential.CardSerial;
import org.doudi.credential.HouseholdCard;
import org.doudi.credential.TownshipCode;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.card.CardIssuer;
import org.doudi.provisioning.card.CardQrCode;
import org.doudi.provisioning.card.IssuedCard;
import org.doudi.provisioning.files.OfficeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a household card signed with the authority's card-issuing key: writes PREFIX.txt (the SA1: "
                + "text) and PREFIX.png (the QR code with the serial under it, 600 dpi, print at 100 %%). Existing files "
                + "are never overwritten.",
            "A card carries no name but a masked one (张*). The format: docs/credentials.md."})
final class CardIssueCommand implements Callable<Integer> {
    /** Ten years: longer than any assistance decision runs before it is reviewed. */
    static final int MAX_VALID_DAYS = 3653;

    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityOptions authority;

    @Option(names = "--household", required = true, paramLabel = "ID",
            description = "The household's id in the assistance register: 1 to " + HouseholdCard.MAX_HOUSEHOLD_ID_LENGTH
                    + " ASCII letters, digits or hyphens.")
    String householdId;

    @Option(names = "--township", required = true, paramLabel = "CODE",
            description = "NBS division code of the township: 9 or 12 digits, e.g. 450123101000.")
    TownshipCode township;

    @Option(names = "--category", required = true, split = ",", paramLabel = "CATEGORY",
            completionCandidates = ProvisionCommand.CategoryNames.class,
            description = "Assistance the household receives, comma-separated: ${COMPLETION-CANDIDATES} "
                    + "(or 低保, 特困, …).")
    List<AssistanceCategory> categories;

    @Option(names = "--serial", required = true, paramLabel = "SERIAL",
            description = "This card's serial, printed under the code and named when it is revoked: 4 to "
                    + CardSerial.MAX_LENGTH + " upper-case letters, digits or hyphens, e.g. GX26-0000123.")
    CardSerial serial;

    @Option(names = "--card-version", defaultValue = "1", paramLabel = "N",
            description = "1 for the household's first card, one more for each replacement (default ${DEFAULT-VALUE}).")
    int cardVersion;

    @Option(names = "--valid-days", required = true, paramLabel = "DAYS",
            description = "Days from now until the card expires, 1 to " + MAX_VALID_DAYS + ".")
    int validDays;

    @Option(names = "--head-name", paramLabel = "MASKED",
            description = "Head of household's name, masked: one or two Han characters then one * per hidden "
                    + "character, e.g. 张* or 欧阳**. A full name is refused.")
    String maskedHeadName;

    @Option(names = "--out", required = true, paramLabel = "PREFIX",
            description = "Writes PREFIX.txt and PREFIX.png, e.g. cards/GX26-0000123.")
    Path prefix;

    @Override
    public Integer call() throws AuthorityException, CommandException {
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw new ParameterException(spec.commandLine(), "--valid-days must be 1 to " + MAX_VALID_DAYS);
        }
        HouseholdCard card = card(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path textFile = prefix.resolveSibling(prefix.getFileName() + ".txt");
        Path pngFile = prefix.resolveSibling(prefix.getFileName() + ".png");
        for (Path file : List.of(textFile, pngFile)) {
            if (Files.exists(file)) {
                throw new CommandException(new CommandError.OutputExists(file));
            }
        }
        Authority office = authority.load();
        IssuedCard issued = new CardIssuer(authority.signingKey(office, KeyRole.CARD_ISSUER)).issue(card);
        write(textFile, (issued.text() + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            write(pngFile, CardQrCode.png(issued));
        } catch (CommandException e) {
            deleteQuietly(textFile);
            throw e;
        }
        report(issued, textFile, pngFile);
        return ExitCodes.OK;
    }

    private HouseholdCard card(Instant now) {
        HouseholdCard unnamed;
        try {
            unnamed = new HouseholdCard(householdId, township, categories, serial, cardVersion, now,
                    now.plus(validDays, ChronoUnit.DAYS), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "cannot issue the card: " + e.getMessage());
        }
        if (maskedHeadName == null) {
            return unnamed;
        }
        // The card record is the one place that knows what a masked name is; asking it apart from the
        // other fields lets the message say exactly which flag is wrong.
        try {
            return new HouseholdCard(unnamed.householdId(), unnamed.township(), unnamed.categories(), unnamed.serial(),
                    unnamed.cardVersion(), unnamed.issuedAt(), unnamed.expiresAt(), Optional.of(maskedHeadName));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--head-name must be masked: keep the surname (one or two "
                    + "Han characters) and put one * for each hidden character, e.g. 张* or 欧阳**; a full name is "
                    + "never printed on a card");
        }
    }

    private static void write(Path file, byte[] bytes) throws CommandException {
        try {
            OfficeFiles.createNew(file, bytes);
        } catch (FileAlreadyExistsException e) {
            throw new CommandException(new CommandError.OutputExists(file));
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort after a failure that is already being reported.
        }
    }

    private void report(IssuedCard issued, Path textFile, Path pngFile) {
        HouseholdCard card = issued.card();
        int modules = CardQrCode.modulesAcross(issued.text());
        int pixels = modules * CardQrCode.PIXELS_PER_MODULE;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Issued card %s (version %d, %s), valid until %s, signed with key %s%n", card.serial().value(),
                card.cardVersion(), card.categories().stream().map(AssistanceCategory::chineseName)
                        .collect(Collectors.joining(" + ")),
                card.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate(), issued.issuer().value());
        out.printf("  %s  the SA1: text, %d characters (%d signed bytes)%n", textFile, issued.text().length(),
                issued.signedBytes());
        out.printf(Locale.ROOT, "  %s  QR version %d at level %s, %d modules across with the quiet zone: %.1f mm wide at %d dpi%n",
                pngFile, CardQrCode.version(issued.text()), CardQrCode.ERROR_CORRECTION, modules,
                pixels * 25.4 / CardQrCode.DOTS_PER_INCH, CardQrCode.DOTS_PER_INCH);
    }
}

package org.doudi.provisioning.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.CardSerial;
import org.doudi.credential.RevocationList;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.authority.PublishedList;
import org.doudi.provisioning.card.CredentialListSigner;
import org.doudi.provisioning.files.OfficeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a revocation list with the authority's root key: the serials of cards withdrawn before they "
                + "expire. Devices load it as cards.revocation-list.",
            "A new list replaces the old one on the devices, so it must name every card still revoked: keep them "
                + "all in the --serials-file and add to it. An empty file signs an empty list."})
final class RevocationListSignCommand implements Callable<Integer> {
    /** A quarter: a tablet goes weeks without a signal, and an expired list stops it checking cards at all. */
    static final int DEFAULT_VALID_DAYS = 90;

    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityOptions authority;

    @Mixin
    ListOutput output;

    @Option(names = "--valid-days", defaultValue = "" + DEFAULT_VALID_DAYS, paramLabel = "DAYS",
            description = "Days from now until devices stop accepting the list (default ${DEFAULT-VALUE}).")
    int validDays;

    @Option(names = "--serial", paramLabel = "SERIAL", description = "A revoked card's serial; repeatable.")
    List<CardSerial> serials = new ArrayList<>();

    @Option(names = "--serials-file", paramLabel = "FILE",
            description = "Revoked serials, one a line; blank lines and lines starting with # are skipped.")
    Path serialsFile;

    @Override
    public Integer call() throws AuthorityException, CommandException {
        if (validDays < 1) {
            throw new ParameterException(spec.commandLine(), "--valid-days must be 1 or more");
        }
        if (serials.isEmpty() && serialsFile == null) {
            throw new ParameterException(spec.commandLine(), "name the revoked cards with --serial or --serials-file "
                    + "(an empty --serials-file signs a list that revokes nothing)");
        }
        Set<CardSerial> revoked = new HashSet<>(serials);
        if (serialsFile != null) {
            revoked.addAll(readSerials(serialsFile));
        }
        Authority office = authority.load();
        long sequence = output.sequence(spec, office, PublishedList.REVOCATION_LIST);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RevocationList list = new RevocationList(sequence, now, now.plus(validDays, ChronoUnit.DAYS), revoked);
        byte[] signed = new CredentialListSigner(authority.signingKey(office, KeyRole.ROOT)).sign(list);
        output.publish(office, PublishedList.REVOCATION_LIST, sequence, signed, RevocationList.check(signed,
                office.publicKey(KeyRole.ROOT).publicKey(), Clock.systemUTC(), Optional.empty()));
        spec.commandLine().getOut().printf("Wrote %s: revocation list %d with %d revoked serial(s), valid until %s%n",
                output.out, sequence, revoked.size(), list.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate());
        spec.commandLine().getOut().println("  devices: cards.revocation-list = this file, cards.root-key = "
                + office.publicKeyFile(KeyRole.ROOT));
        return ExitCodes.OK;
    }

    private static List<CardSerial> readSerials(Path file) throws CommandException {
        List<String> lines;
        try {
            // Serials are ASCII; as Latin-1 any byte reads, so a stray one is reported with its line number,
            // and comments in Chinese (UTF-8) are skipped unharmed.
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(file, OfficeFiles.reason(e)));
        }
        List<CardSerial> serials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                serials.add(new CardSerial(line));
            } catch (IllegalArgumentException e) {
                throw new CommandException(new CommandError.NotASerial(file, i + 1));
            }
        }
        return serials;
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.IssuerKey;
import org.doudi.credential.KeyId;
import org.doudi.credential.TrustList;
import org.doudi.credential.files.PemKeys;
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
        description = {"Sign a trust list with the authority's root key: the card-issuing keys devices accept, starting "
                + "with this authority's own. Devices load it as cards.trust-list, with the authority's "
                + "root.public.pem as cards.root-key.",
            "Each list is numbered one above the last; devices refuse a list older than the one they have, and "
                + "an expired one, so sign a new list well before --valid-days run out."})
final class TrustListSignCommand implements Callable<Integer> {
    /** A year: issuer keys change rarely, and a device offline for weeks must not find its list expired. */
    static final int DEFAULT_VALID_DAYS = 365;

    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityOptions authority;

    @Mixin
    ListOutput output;

    @Option(names = "--valid-days", defaultValue = "" + DEFAULT_VALID_DAYS, paramLabel = "DAYS",
            description = "Days from now until devices stop accepting the list (default ${DEFAULT-VALUE}).")
    int validDays;

    @Option(names = "--issuer-key", paramLabel = "KID=FILE",
            description = "Also trust another office's card-issuing key: its key id and its card-issuer.public.pem. "
                    + "Repeat for each office.")
    Map<KeyId, Path> otherIssuers = new LinkedHashMap<>();

    @Override
    public Integer call() throws AuthorityException, CommandException {
        if (validDays < 1) {
            throw new ParameterException(spec.commandLine(), "--valid-days must be 1 or more");
        }
        Authority office = authority.load();
        List<IssuerKey> issuers = new ArrayList<>(List.of(office.publicKey(KeyRole.CARD_ISSUER)));
        for (Map.Entry<KeyId, Path> other : otherIssuers.entrySet()) {
            if (issuers.stream().anyMatch(issuer -> issuer.keyId().equals(other.getKey()))) {
                throw new CommandException(new CommandError.DuplicateKeyId(other.getKey()));
            }
            issuers.add(new IssuerKey(other.getKey(), readIssuerKey(other.getValue())));
        }
        long sequence = output.sequence(spec, office, PublishedList.TRUST_LIST);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TrustList list = new TrustList(sequence, now, now.plus(validDays, ChronoUnit.DAYS), issuers);
        byte[] signed = new CredentialListSigner(authority.signingKey(office, KeyRole.ROOT)).sign(list);
        output.publish(office, PublishedList.TRUST_LIST, sequence, signed, TrustList.check(signed,
                office.publicKey(KeyRole.ROOT).publicKey(), Clock.systemUTC(), Optional.empty()));
        spec.commandLine().getOut().printf("Wrote %s: trust list %d with %d issuer key(s) (%s), valid until %s%n",
                output.out, sequence, issuers.size(),
                issuers.stream().map(issuer -> issuer.keyId().value()).collect(Collectors.joining(", ")),
                list.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate());
        spec.commandLine().getOut().println("  devices: cards.trust-list = this file, cards.root-key = "
                + office.publicKeyFile(KeyRole.ROOT));
        return ExitCodes.OK;
    }

    private static java.security.PublicKey readIssuerKey(Path file) throws CommandException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(file, OfficeFiles.reason(e)));
        }
        try {
            return PemKeys.ed25519PublicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new CommandException(new CommandError.NotAnIssuerKey(file));
        }
    }
}

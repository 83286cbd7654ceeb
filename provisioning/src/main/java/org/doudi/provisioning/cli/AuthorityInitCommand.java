package org.doudi.provisioning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.KeyId;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.keys.Passphrase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the office's authority: a directory (0700) with one key pair per role as PEM files (0600) "
                + "and authority.properties naming their key ids. Private keys are PKCS#8, encrypted (scrypt, "
                + "AES-256) when a passphrase is given. An existing authority is never overwritten.",
            "Prints the files it wrote, never key material."})
final class AuthorityInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Where to create the authority: a new or empty directory, best on an encrypted, offline disk.")
    Path dir;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Encrypt the private keys with the passphrase on this file's first line (at least "
                    + Passphrase.MIN_LENGTH + " characters). Every later command then needs the same file.")
    Path passphraseFile;

    @Option(names = "--issuer-key-id", paramLabel = "ID",
            description = "Key id of the card-issuing key, carried in every card, e.g. gx-hc-2026a (1 to "
                    + KeyId.MAX_LENGTH + " of A-Z a-z 0-9 . _ -). Default: hc- and 8 hex digits of the key's hash.")
    KeyId issuerKeyId;

    @Override
    public Integer call() throws AuthorityException, CommandException {
        Optional<Passphrase> passphrase = AuthorityOptions.readPassphrase(passphraseFile);
        Authority authority = Authority.create(dir, passphrase, Optional.ofNullable(issuerKeyId), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created the authority in " + dir + " (directory 0700, files 0600):");
        for (KeyRole role : KeyRole.values()) {
            out.printf("  %-13s %-8s %-14s %s, %s%n      %s%n", role.label(), role.algorithm(),
                    authority.keyId(role).value(), role.privateKeyFile(), role.publicKeyFile(), role.purpose());
        }
        out.println("  " + Authority.MANIFEST_FILE + "  the key ids above");
        out.println(passphrase.isPresent()
                ? "Private keys are encrypted with the passphrase; keep the passphrase apart from the directory."
                : "Private keys are NOT encrypted (no --passphrase-file): keep the directory on an encrypted, "
                        + "offline disk.");
        out.println("Next: back the directory up offline; give devices "
                + authority.publicKeyFile(KeyRole.ROOT) + " as cards.root-key; sign a trust list with");
        out.println("  provision trust-list sign --authority " + dir + " --out trust-list.cose");
        return ExitCodes.OK;
    }
}

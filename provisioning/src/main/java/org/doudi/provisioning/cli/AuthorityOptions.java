package org.doudi.provisioning.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.card.IssuerKeyPair;
import org.doudi.provisioning.files.OfficeFiles;
import org.doudi.provisioning.keys.Passphrase;
import picocli.CommandLine.Option;

/** {@code --authority} and {@code --passphrase-file}, for every command that signs with the office's keys. */
final class AuthorityOptions {
    @Option(names = "--authority", required = true, paramLabel = "DIR",
            description = "The office's authority directory, as made by 'provision authority init'.")
    Path dir;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the passphrase of the authority's keys, if they are encrypted.")
    Path passphraseFile;

    Authority load() throws AuthorityException {
        return Authority.load(dir);
    }

    IssuerKeyPair signingKey(Authority authority, KeyRole role) throws AuthorityException, CommandException {
        return authority.signingKey(role, readPassphrase(passphraseFile));
    }

    static Optional<Passphrase> readPassphrase(Path file) throws CommandException {
        return file == null ? Optional.empty() : Optional.of(new Passphrase(firstLine(file, "passphrase")));
    }

    /**
     * The first line of a file holding a secret, so that one written with echo or an editor keeps no line
     * break; {@code secret} names it in the error.
     */
    static String firstLine(Path file, String secret) throws CommandException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(file, OfficeFiles.reason(e)));
        }
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
            throw new CommandException(new CommandError.EmptySecretFile(file, secret));
        }
        return firstLine;
    }
}

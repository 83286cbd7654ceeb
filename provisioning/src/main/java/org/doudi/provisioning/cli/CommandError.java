package org.doudi.provisioning.cli;

import java.nio.file.Path;
import org.doudi.credential.CardSerial;
import org.doudi.credential.KeyId;
import org.doudi.credential.ListProblem;
import org.doudi.provisioning.authority.PublishedList;

/**
 * What stops a command once its flags parsed, apart from the authority's own errors; each message says
 * how to put it right and names files, never personal data or key material.
 */
sealed interface CommandError {
    String message();

    record OutputExists(Path file) implements CommandError {
        @Override
        public String message() {
            return file + " already exists, and a card file is never overwritten: choose another --out, "
                    + "or move the old file away";
        }
    }

    record CannotReadInput(Path file, String reason) implements CommandError {
        @Override
        public String message() {
            return "cannot read " + file + ": " + reason + "; check the path";
        }
    }

    record EmptyPassphraseFile(Path file) implements CommandError {
        @Override
        public String message() {
            return file + " is empty: its first line must be the passphrase";
        }
    }

    record CannotWrite(Path file, String reason) implements CommandError {
        @Override
        public String message() {
            return "cannot write " + file + ": " + reason;
        }
    }

    record NotASerial(Path file, int line) implements CommandError {
        @Override
        public String message() {
            return file + " line " + line + " is not a card serial (4 to " + CardSerial.MAX_LENGTH
                    + " upper-case letters, digits or hyphens): correct or remove that line; blank lines and "
                    + "lines starting with # are skipped";
        }
    }

    record NotAnIssuerKey(Path file) implements CommandError {
        @Override
        public String message() {
            return file + " is not an Ed25519 public key in PEM: give the card-issuer.public.pem of the office "
                    + "whose cards should be trusted";
        }
    }

    record DuplicateKeyId(KeyId keyId) implements CommandError {
        @Override
        public String message() {
            return "key id " + keyId.value() + " would be in the trust list twice: every issuer key needs its own id, "
                    + "so check the --issuer-key ids";
        }
    }

    /** Devices would refuse the signed list (in practice: too many entries); nothing was written. */
    record RefusedByDevices(PublishedList list, ListProblem problem, String detail) implements CommandError {
        @Override
        public String message() {
            return "devices would refuse this " + list.label() + " (" + problem.name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + detail + "), so it was not written";
        }
    }
}

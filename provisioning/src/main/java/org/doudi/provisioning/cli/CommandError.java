package org.doudi.provisioning.cli;

import java.nio.file.Path;
import java.util.List;
import org.doudi.credential.CardSerial;
import org.doudi.credential.KeyId;
import org.doudi.credential.ListProblem;
import org.doudi.credential.TownshipCode;
import org.doudi.provisioning.authority.PublishedList;
import org.doudi.provisioning.regions.Townships;

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

    /** @param secret what the first line holds: "passphrase", "password" */
    record EmptySecretFile(Path file, String secret) implements CommandError {
        @Override
        public String message() {
            return file + " is empty: its first line must be the " + secret;
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

    /** @param store where, without user or password; @param reason the store's own words */
    record StoreUnavailable(String store, String reason) implements CommandError {
        @Override
        public String message() {
            return "cannot use the store " + store + ": " + reason;
        }
    }

    /** The first connection attempt failed; the link logged its reason as a warning just before. */
    record BrokerUnreachable(List<String> brokers) implements CommandError {
        @Override
        public String message() {
            return "cannot connect to " + String.join(" or ", brokers) + " (the warning above says why): check "
                    + "--broker, --username and --password-file, and --tls-ca for ssl://";
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

    /** @param closest known townships of the same county, nearest code first */
    record UnknownTownship(TownshipCode code, List<Townships.Township> closest) implements CommandError {
        @Override
        public String message() {
            String suggestions = closest.stream().map(t -> t.code() + " " + t.name())
                    .collect(java.util.stream.Collectors.joining(", "));
            return "township " + code.digits() + " is not in the NBS 2023 list of townships; check --township"
                    + (suggestions.isEmpty() ? " (no township of county " + code.digits().substring(0, 6) + " is known either)"
                            : ". Known townships of the same county: " + suggestions);
        }
    }

    /** The broker did not confirm the command (no PUBACK in time); it may or may not be retained there. */
    record NotPublished(String device, String reason) implements CommandError {
        @Override
        public String message() {
            return "the command to device " + device + " was not confirmed by the broker (" + reason + "): run the "
                    + "command again — a new number supersedes this one";
        }
    }

    /** What the office asked for cannot be done safely by this version. */
    /** rotate-credentials to a device whose enrolment announced no sealing key: nothing would open the password. */
    record NoSealingKey(String device, Path pinnedFile) implements CommandError {
        @Override
        public String message() {
            return "device " + device + " has no pinned sealing key (" + pinnedFile + " is missing): it was enrolled "
                    + "by an older version, or has not connected since it enrolled; re-enrol it (./provision device add, "
                    + "then ./doudi wipe and ./doudi enroll on the device), which gives it new credentials anyway";
        }
    }
}

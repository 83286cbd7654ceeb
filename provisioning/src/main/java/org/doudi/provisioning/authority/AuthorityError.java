package org.doudi.provisioning.authority;

import java.nio.file.Path;
import org.doudi.provisioning.keys.Passphrase;

/**
 * What went wrong with an authority, each with a message that says how to put it right. Messages name
 * files and numbers only, never key material or a passphrase.
 */
public sealed interface AuthorityError {
    String message();

    record NoAuthority(Path dir) implements AuthorityError {
        @Override
        public String message() {
            return dir + " holds no authority (no " + Authority.MANIFEST_FILE + "): check --authority, or create one "
                    + "with 'provision authority init --dir " + dir + "'";
        }
    }

    record AlreadyExists(Path dir) implements AuthorityError {
        @Override
        public String message() {
            return dir + " already holds an authority, and its keys are never overwritten: use it as it is, "
                    + "or choose another --dir";
        }
    }

    record NotEmpty(Path dir) implements AuthorityError {
        @Override
        public String message() {
            return dir + " exists and is not an empty directory: an authority needs a new or empty one, "
                    + "so choose another --dir";
        }
    }

    record NoOwnerOnlyPermissions(Path dir) implements AuthorityError {
        @Override
        public String message() {
            return "cannot restrict " + dir + " to its owner: its file system has no POSIX permissions; "
                    + "put the authority on a Linux file system";
        }
    }

    record WeakPassphrase() implements AuthorityError {
        @Override
        public String message() {
            return "the passphrase is shorter than " + Passphrase.MIN_LENGTH
                    + " characters: choose a longer one (a few words)";
        }
    }

    record PassphraseRequired(Path keyFile) implements AuthorityError {
        @Override
        public String message() {
            return keyFile + " is encrypted: give its passphrase with --passphrase-file FILE";
        }
    }

    record WrongPassphrase(Path keyFile) implements AuthorityError {
        @Override
        public String message() {
            return "the passphrase does not open " + keyFile + ": check --passphrase-file (its first line must be "
                    + "the passphrase given to 'authority init')";
        }
    }

    /** A file of the authority is missing parts or is not what it should be. */
    record Damaged(Path file, String expected) implements AuthorityError {
        @Override
        public String message() {
            return file + " is not " + expected + ": the authority is damaged; restore it from its backup";
        }
    }

    record CannotRead(Path file, String reason) implements AuthorityError {
        @Override
        public String message() {
            return "cannot read " + file + ": " + reason;
        }
    }

    record CannotWrite(Path file, String reason) implements AuthorityError {
        @Override
        public String message() {
            return "cannot write " + file + ": " + reason;
        }
    }

    record SequenceNotIncreasing(PublishedList list, long requested, long published) implements AuthorityError {
        @Override
        public String message() {
            return "--sequence " + requested + " is not above " + published + ", the last " + list.label()
                    + " this authority signed: a new list needs a higher number than every list before it, or "
                    + "devices keep the one they have; leave --sequence out to use " + (published + 1);
        }
    }

    /** Each device id is added once; a second bundle for it would leave two valid enrolment ids. */
    record DeviceExists(String deviceId, Path directory) implements AuthorityError {
        @Override
        public String message() {
            return "device " + deviceId + " was already added (" + directory + "): choose another --id; to replace a "
                    + "device's bundle, move that directory out of the authority first";
        }
    }
}

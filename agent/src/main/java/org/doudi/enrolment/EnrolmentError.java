package org.doudi.enrolment;

import java.nio.file.Path;

/** Why a device was not enrolled; each message says what is wrong and how to go on, and holds no secret. */
public sealed interface EnrolmentError {
    String message();

    /** The bundle did not verify. */
    record Refused(BundleVerification verification) implements EnrolmentError {
        @Override
        public String message() {
            return verification.message();
        }
    }

    /** A device is enrolled once: enrolling again would silently replace its key and orphan what it signed. */
    record AlreadyEnrolled(Path configFile) implements EnrolmentError {
        @Override
        public String message() {
            return "this device is already enrolled (" + configFile + " names a device key); nothing was changed. "
                    + "To enrol it again, run ./doudi wipe first (a factory reset)";
        }
    }

    record CannotRead(Path file, String reason) implements EnrolmentError {
        @Override
        public String message() {
            return "cannot read " + file + ": " + reason;
        }
    }

    record CannotWrite(Path file, String reason) implements EnrolmentError {
        @Override
        public String message() {
            return "cannot write " + file + ": " + reason + "; check the directory and its permissions "
                    + "(run as the agent's user), then run ./doudi wipe and enrol again";
        }
    }
}

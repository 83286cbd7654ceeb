package org.doudi.enrolment;

import java.time.Instant;
import org.doudi.credential.KeyId;

/**
 * Everything that can come of checking a bundle. Only outcomes after the signature check carry the
 * bundle; before it nothing in the bundle can be believed. Each says what is wrong and what to do.
 */
public sealed interface BundleVerification {
    String message();

    record Valid(EnrolmentBundle bundle, KeyId signer) implements BundleVerification {
        @Override
        public String message() {
            return "valid enrolment bundle for " + bundle.device().deviceId() + ", signed by " + signer.value();
        }
    }

    record Expired(EnrolmentBundle bundle, Instant expiredAt) implements BundleVerification {
        @Override
        public String message() {
            return "the enrolment bundle expired at " + expiredAt + "; ask the office for a new one "
                    + "(./provision device add) or check this device's clock";
        }
    }

    record NotYetValid(EnrolmentBundle bundle, Instant validFrom) implements BundleVerification {
        @Override
        public String message() {
            return "the enrolment bundle is valid only from " + validFrom + ": this device's clock is behind; set it and retry";
        }
    }

    /** Signed by a key other than the one this device was told to trust: another office's, or a forger's. */
    record UnknownSigner(KeyId signer, KeyId expected) implements BundleVerification {
        @Override
        public String message() {
            return "the enrolment bundle is signed by key " + signer.value() + ", not by the office's provisioning key "
                    + expected.value() + "; check that the bundle comes from your office and that the key id is typed right";
        }
    }

    record BadSignature() implements BundleVerification {
        @Override
        public String message() {
            return "the enrolment bundle's signature does not verify: it was altered or damaged after signing; "
                    + "copy the .bundle file again or ask the office for a new one";
        }
    }

    /** The reason is a fixed phrase from the code, safe to show. */
    record Malformed(String reason) implements BundleVerification {
        @Override
        public String message() {
            return "not a readable enrolment bundle (" + reason + "); give the .bundle file written by "
                    + "./provision device add, or scan its QR code";
        }
    }

    record TooLarge(int length, int limit) implements BundleVerification {
        @Override
        public String message() {
            return "the text is " + length + " characters, more than an enrolment bundle's " + limit
                    + "; this is not a bundle from ./provision device add";
        }
    }
}

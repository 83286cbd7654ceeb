package org.doudi.credential;

/** Why a trust list or revocation list was refused; the installed list stays in force. */
public enum ListProblem {
    /** The file could not be read at all. */
    UNREADABLE,
    /** Larger than any real list; refused before decoding. */
    TOO_LARGE,
    /** Not CBOR, not a COSE_Sign1, the wrong kind of list, or contents that break the format. */
    CORRUPT,
    /** Well-formed but without a signature, as a hand-edited or test list would be. */
    UNSIGNED,
    /** Signed, but not by the provisioning root key this agent trusts. */
    BAD_SIGNATURE,
    /** Past its own expiry; an agent must not keep trusting keys or serials nobody vouches for any more. */
    EXPIRED,
    /** Older than the list already installed: replaying an old list must not bring back a removed key. */
    ROLLBACK
}

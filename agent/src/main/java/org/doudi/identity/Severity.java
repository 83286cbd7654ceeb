package org.doudi.identity;

/** How much a layer's result matters to the verdict. */
public enum Severity {
    /** The layer passed. */
    OK,
    /** Something was tidied up (e.g. a lowercase x); the number is fine, the user may want to know. */
    NOTE,
    /** Staff should look, but the number is not refused. */
    WARNING,
    /** The number cannot be right. */
    REFUSAL,
    /** An earlier layer failed, so this one could not be checked. */
    NOT_CHECKED
}

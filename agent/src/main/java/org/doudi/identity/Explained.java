package org.doudi.identity;

/** A result the UI can put in front of a person: a stable code for programs and a sentence in each language. */
public interface Explained {
    Severity severity();

    /** Stable, upper-case identifier for programs and JSON; never contains personal data. */
    String code();

    String zh();

    String en();
}

package org.doudi.identity;

import org.doudi.privacy.Mask;

/**
 * An 18-character identity number as normalised by {@link IdNumberValidator} (digits, last one possibly
 * {@code X}); not necessarily valid — ask the {@link IdCheck} that carries it. {@link #toString()} masks it.
 */
public record IdNumber(String value) {
    public IdNumber {
        if (value == null || !value.matches("[0-9]{17}[0-9X]")) {
            // The value itself must not reach an exception message.
            throw new IllegalArgumentException("not 17 digits followed by a digit or X: "
                    + Mask.idNumber(value));
        }
    }

    public String masked() {
        return Mask.idNumber(value);
    }

    @Override
    public String toString() {
        return masked();
    }
}

package org.doudi.provisioning.authority;

import java.util.Objects;

/** An authority that cannot be created, opened or used, and why. */
public final class AuthorityException extends Exception {
    private final AuthorityError error;

    public AuthorityException(AuthorityError error) {
        super(Objects.requireNonNull(error, "error").message(), null, false, false);
        this.error = error;
    }

    public AuthorityError error() {
        return error;
    }
}

package org.doudi.enrolment;

/** Carries an {@link EnrolmentError}; the message is the error's own, with no stack-trace-worthy cause. */
public final class EnrolmentException extends Exception {
    private final transient EnrolmentError error;

    public EnrolmentException(EnrolmentError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public EnrolmentError error() {
        return error;
    }
}

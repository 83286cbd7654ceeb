package org.doudi.provisioning.broker;

/** The broker's files could not be generated or written. Messages name files, never a secret. */
public final class BrokerFilesFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public BrokerFilesFailure(String message) {
        super(message);
    }

    public BrokerFilesFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

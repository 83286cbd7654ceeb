package org.doudi.provisioning.broker;

/**
 * A name, address, path or port that must not go into Mosquitto's files: it would break their
 * line-oriented syntax, or a wildcard or separator in it would widen what an ACL line grants.
 */
public final class InvalidBrokerSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidBrokerSetting(String message) {
        super(message);
    }
}

package org.doudi.provisioning.broker;

import java.util.regex.Pattern;

/**
 * A broker account for a central consumer: the reference receiver ({@code org.doudi.central}) or an
 * office's own system. The name is both its username and its MQTT client id, because the receiver
 * publishes its own status (and last will) under {@code doudi/v1/central/<client id>/status} and the
 * ACL grants exactly that topic to exactly this account.
 */
public record CentralAccount(String name) {
    /**
     * The receiver's client-id alphabet, starting with a letter or digit so that a name is never
     * {@code .} or {@code ..} (it also names the account's directory). No {@code + # /}, space or
     * {@code :}, which would break the ACL and password file.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public CentralAccount {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidBrokerSetting("central account name must be " + NAME_RULE);
        }
    }
}

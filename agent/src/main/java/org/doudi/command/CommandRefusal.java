package org.doudi.command;

/** Why a device did not run a command; the wire name goes into its {@code command.refused} event. */
public enum CommandRefusal {
    MALFORMED("malformed", "not a command this agent can read"),
    NOT_FOR_THIS_DEVICE("not-for-this-device", "addressed to another device or township"),
    NO_COMMAND_KEY("no-command-key", "security.command-key is not set on this device, so no command is trusted"),
    UNKNOWN_KEY("unknown-key", "signed with a key other than the device's security.command-key"),
    BAD_SIGNATURE("bad-signature", "the signature does not verify: altered on the way or forged"),
    EXPIRED("expired", "past its expires_at"),
    REPLAYED("replayed", "its number is not above the highest the device accepted"),
    UNSUPPORTED("unsupported", "a type, version or argument this device does not support");

    private final String wireName;
    private final String meaning;

    CommandRefusal(String wireName, String meaning) {
        this.wireName = wireName;
        this.meaning = meaning;
    }

    public String wireName() {
        return wireName;
    }

    public String meaning() {
        return meaning;
    }
}

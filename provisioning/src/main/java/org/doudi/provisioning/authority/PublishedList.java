package org.doudi.provisioning.authority;

/** The signed lists an authority publishes; it remembers the last sequence number of each. */
public enum PublishedList {
    TRUST_LIST("trust-list", "trust list"),
    REVOCATION_LIST("revocation-list", "revocation list");

    private final String key;
    private final String label;

    PublishedList(String key, String label) {
        this.key = key;
        this.label = label;
    }

    String sequenceKey() {
        return key + ".sequence";
    }

    public String label() {
        return label;
    }
}

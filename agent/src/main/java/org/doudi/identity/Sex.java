package org.doudi.identity;

/** Sex as encoded by the parity of the 17th character (odd: male). */
public enum Sex {
    MALE("男", "male"),
    FEMALE("女", "female");

    private final String zh;
    private final String en;

    Sex(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}

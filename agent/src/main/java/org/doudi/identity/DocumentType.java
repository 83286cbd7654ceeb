package org.doudi.identity;

/** The kinds of 18-character identity numbers issued in mainland China, told apart by their prefix. */
public enum DocumentType {
    CITIZEN_CARD("公民身份号码", "citizen identity number"),
    HONG_KONG_RESIDENCE_PERMIT("港澳台居民居住证（香港居民）", "residence permit for Hong Kong residents"),
    MACAO_RESIDENCE_PERMIT("港澳台居民居住证（澳门居民）", "residence permit for Macao residents"),
    TAIWAN_RESIDENCE_PERMIT("港澳台居民居住证（台湾居民）", "residence permit for Taiwan residents"),
    FOREIGN_PERMANENT_RESIDENT_CARD("外国人永久居留身份证（2023 版）", "foreign permanent resident ID card (2023 format)");

    private final String zh;
    private final String en;

    DocumentType(String zh, String en) {
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

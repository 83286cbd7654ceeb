package org.doudi.scan;

/**
 * What a read looks like, judged by its syntax alone; verifying signatures and check digits happens elsewhere.
 * Each kind carries the plain message shown to the person at the kiosk or tablet.
 */
public enum ScanKind {
    RESIDENT_ID("这是居民身份证号码。工作人员将核对本人身份。",
            "This is a resident ID number. Staff will check it against the person."),
    HOUSEHOLD_CARD("这是户卡二维码。系统将核验户卡签名。",
            "This is a household card. Its signature will be checked."),
    PROVISIONING_BUNDLE("这是设备配置码，仅供工作人员使用。请交给工作人员。",
            "This is a device set-up code for staff only. Please give it to a staff member."),
    RECEIPT("这是申请回执编号，可用来查询办理进度。",
            "This is an application receipt number; use it to check progress."),
    UNKNOWN("无法识别此码。请出示户卡、身份证或回执，或请工作人员帮助。",
            "Doudi does not use this code. Show your household card, ID card or receipt, or ask staff for help.");

    private final String messageZh;
    private final String messageEn;

    ScanKind(String messageZh, String messageEn) {
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return messageEn;
    }

    /** Both languages, Chinese first, for one-line output. */
    public String message() {
        return messageZh + " " + messageEn;
    }
}

package org.doudi.credential;

import java.util.Optional;

/**
 * The registry of assistance categories a household card can state. The code is what the card
 * carries; it is part of the card format, so a code is never reused or renumbered — a category that
 * ends keeps its number forever. Adding one needs every agent updated before the first card carries
 * it, because an agent refuses a card with a code it does not know rather than silently dropping it.
 */
public enum AssistanceCategory {
    /** 最低生活保障 — minimum living guarantee. */
    DIBAO(1, "低保"),
    /** 特困人员救助供养 — support for people in extreme poverty. */
    TEKUN(2, "特困"),
    /** 低收入家庭 — low-income household. */
    LOW_INCOME(3, "低收入"),
    /** 建档立卡贫困户 — household registered in the poverty-alleviation file. */
    REGISTERED_POOR(4, "建档立卡"),
    /** 防止返贫监测对象 — household monitored to prevent a return to poverty. */
    RELAPSE_MONITORED(5, "防返贫监测"),
    /** 临时救助 — temporary assistance. */
    TEMPORARY(6, "临时救助"),
    /** 困难残疾人生活补贴和重度残疾人护理补贴 — the two disability subsidies. */
    DISABILITY_SUBSIDY(7, "残疾人两项补贴"),
    /** 孤儿及事实无人抚养儿童 — orphans and de facto unsupported children. */
    CHILD_WITHOUT_CARE(8, "孤儿及事实无人抚养儿童");

    private final int code;
    private final String chineseName;

    AssistanceCategory(int code, String chineseName) {
        this.code = code;
        this.chineseName = chineseName;
    }

    public int code() {
        return code;
    }

    public String chineseName() {
        return chineseName;
    }

    public static Optional<AssistanceCategory> fromCode(long code) {
        for (AssistanceCategory category : values()) {
            if (category.code == code) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}

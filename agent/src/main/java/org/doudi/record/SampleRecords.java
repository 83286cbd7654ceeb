package org.doudi.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Generates sample record payloads that match the schemas in {@code org/doudi/schemas/} and are
 * <em>obviously fictional</em>.
 *
 * <p>Demos, tests and benchmarks need realistic-looking records, but real applicants' names, ID
 * numbers and addresses must never end up in a repository, a log or a screenshot. So every person
 * here is called something like 王示例 or 李样本 ("example", "sample"), lives in 示范县样例镇演示村
 * ("model county, sample town, demo village"), has a 1380000xxxx phone number and an ID number
 * whose sequence digits are 900-999. The ID numbers still carry a correct ISO 7064 MOD 11-2 check
 * character so they pass the agent's full validation. Given the same seeded generator the output is
 * the same, so benchmark runs are repeatable; no clock is read.
 */
public final class SampleRecords {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    /** Sample activity falls in the 365 days from this date. */
    private static final LocalDate WINDOW_START = LocalDate.of(2025, 1, 1);

    private static final List<String> SURNAMES = List.of("王", "李", "张", "赵", "刘", "陈", "杨", "周");
    private static final List<String> GIVEN_NAMES = List.of("示例", "样本", "演示", "测试", "样例", "范例");
    private static final List<String> VILLAGES = List.of("演示村", "样例村", "示范村", "测试村", "样例社区");
    private static final List<String> ASSISTANCE_TYPES = List.of("dibao", "tekun", "temporary", "emergency",
            "disability_living", "disability_nursing", "low_income", "medical", "education", "housing", "employment");
    private static final List<String> REASONS = List.of(
            "（示例）家中主要劳动力因病不能务工，家庭收入不足以维持基本生活。",
            "（示例）本人年老体弱，无劳动能力，无赡养人。",
            "（示例）子女上学费用较高，家庭负担重。",
            "（示例）房屋年久失修，雨季漏水，需要修缮。",
            "（示例）本人为重度残疾，需要长期照护。");
    private static final List<String> EMERGENCY_REASONS = List.of(
            "（示例）家中突发火灾，衣物和口粮全部损毁。",
            "（示例）家庭成员突发重病住院，医疗费用无力支付。",
            "（示例）暴雨导致房屋倒塌，暂无住处。");
    private static final List<String> NEEDS = List.of("food", "medicine", "heating", "medical_visit", "carer",
            "repairs", "benefits_review", "psychological", "other");
    /** Weighted: mostly adequate. */
    private static final List<String> SUPPLY_LEVELS = List.of("adequate", "adequate", "adequate", "adequate",
            "adequate", "adequate", "adequate", "short", "short", "none");
    /** Visit notes by risk level: low, medium, high, urgent. */
    private static final List<String> VISIT_NOTES = List.of(
            "（示例）老人精神状况良好，已告知求助电话。",
            "（示例）生活基本能够自理，部分物资略有不足。",
            "（示例）物资短缺，已联系村委会协助解决。",
            "（示例）情况紧急，已当场报告镇民政办。");
    private static final List<String> HELP_REASONS = List.of("cannot_read", "cannot_see", "cannot_hear",
            "need_staff", "device_problem", "other");
    private static final List<String> KIOSK_LOCATIONS = List.of("样例镇便民服务中心一楼大厅", "演示村党群服务中心",
            "样例社区服务站");

    /** Event name, level and one detail key with a plausible integer range. */
    private record EventKind(String name, String level, String detailKey, int maxValue) {}

    private static final List<EventKind> EVENTS = List.of(
            new EventKind("agent.started", "info", "uptime_s", 10),
            new EventKind("sync.completed", "info", "records_sent", 500),
            new EventKind("disk.space_low", "warning", "free_mb", 512),
            new EventKind("printer.paper_low", "warning", "pages_left", 20),
            new EventKind("printer.offline", "alert", "minutes_offline", 120),
            new EventKind("queue.backlog", "alert", "pending_records", 5000));

    private final RandomGenerator random;

    public SampleRecords(RandomGenerator random) {
        this.random = random;
    }

    /** The sample payload for a record type. */
    public ObjectNode payloadFor(RecordType type) {
        return switch (type) {
            case APPLICATION -> application();
            case WELFARE_CHECK -> welfareCheck();
            case DAILY_REPORT -> dailyReport();
            case HELP_REQUEST -> helpRequest();
            case EVENT -> event();
        };
    }

    /** An application (社会救助申请) for any kind of assistance. */
    public ObjectNode application() {
        String type = pick(ASSISTANCE_TYPES);
        boolean urgent = type.equals("emergency") || (type.equals("temporary") && random.nextInt(4) == 0);
        return application(type, urgent, type.equals("emergency") ? pick(EMERGENCY_REASONS) : pick(REASONS));
    }

    /** An urgent emergency-assistance application (急难救助). */
    public ObjectNode emergencyApplication() {
        return application("emergency", true, pick(EMERGENCY_REASONS));
    }

    private ObjectNode application(String type, boolean urgent, String reason) {
        ObjectNode applicant = JSON.objectNode()
                .put("name", pick(SURNAMES) + pick(GIVEN_NAMES))
                .put("id_number", idNumber())
                .put("household_size", 1 + random.nextInt(6));
        if (random.nextInt(5) != 0) { // some applicants have no phone
            applicant.put("phone", "1380000" + digits(4));
        }
        String village = pick(VILLAGES);
        applicant.put("address", "示范县样例镇" + village + (1 + random.nextInt(9)) + "组" + (1 + random.nextInt(60)) + "号");
        applicant.put("village", village);

        ObjectNode payload = JSON.objectNode().put("assistance_type", type);
        if (urgent) {
            payload.put("urgent", true);
        }
        payload.set("applicant", applicant);
        payload.put("reason", reason);
        payload.set("declaration", JSON.objectNode().put("signed", true).put("signed_at", format(dateTime())));
        payload.put("channel", pick(List.of("kiosk", "tablet", "staff")));
        if (random.nextBoolean()) {
            payload.put("household_id", householdId());
        }
        return payload;
    }

    /**
     * A welfare check (探访记录) made by an outreach worker. Needs follow from the observations and the
     * risk from how many things are short, so demo screens look coherent.
     */
    public ObjectNode welfareCheck() {
        String living = pick(List.of("alone", "alone", "with_family", "with_carer", "institution", "other"));
        boolean illness = random.nextInt(3) == 0;
        boolean isolation = random.nextInt(4) == 0;
        ObjectNode health = JSON.objectNode().put("illness", illness).put("isolation", isolation);
        if (illness) {
            health.put("notes", "（示例）慢性病，需按时服药。");
        }

        ObjectNode supplies = JSON.objectNode();
        Set<String> needs = new HashSet<>();
        int score = (illness ? 1 : 0) + (isolation ? 1 : 0) + (living.equals("alone") ? 1 : 0);
        for (String item : List.of("food", "water", "heating", "medicine")) {
            String level = pick(SUPPLY_LEVELS);
            supplies.put(item, level);
            if (!level.equals("adequate")) {
                needs.add(item.equals("water") ? "other" : item);
                score += level.equals("none") ? 2 : 1;
            }
        }
        if (illness && random.nextBoolean()) needs.add("medical_visit");
        if (isolation) needs.add("psychological");
        if (random.nextInt(8) == 0) needs.add(pick(List.of("carer", "repairs", "benefits_review")));
        ArrayNode needList = JSON.arrayNode();
        NEEDS.stream().filter(needs::contains).forEach(needList::add);

        int level = score <= 1 ? 0 : score <= 3 ? 1 : score <= 5 ? 2 : 3;
        String risk = List.of("low", "medium", "high", "urgent").get(level);
        LocalDateTime visitedAt = dateTime();
        boolean followUp = level >= 2 || random.nextInt(4) == 0;
        ObjectNode follow = JSON.objectNode().put("required", followUp);
        if (followUp) {
            follow.put("due_date", visitedAt.toLocalDate().plusDays(level == 3 ? 1 : 1 + random.nextInt(14)).toString());
            follow.put("note", "（示例）再次上门了解情况。");
        }

        ObjectNode payload = JSON.objectNode()
                .put("household_id", householdId())
                .put("visit_mode", pick(List.of("phone", "wechat", "on_site")))
                .put("visited_at", format(visitedAt))
                .put("living_situation", living);
        payload.set("health", health);
        payload.set("supplies", supplies);
        payload.set("needs", needList);
        payload.put("risk", risk);
        payload.set("follow_up", follow);
        payload.put("worker_id", workerId());
        payload.put("notes", VISIT_NOTES.get(level));
        return payload;
    }

    /** An outreach worker's daily report (日报告): counts only. */
    public ObjectNode dailyReport() {
        int phone = random.nextInt(15);
        int wechat = random.nextInt(10);
        int onSite = random.nextInt(8);
        int visits = phone + wechat + onSite;
        ObjectNode counts = JSON.objectNode()
                .put("visits", visits)
                .put("phone", phone)
                .put("wechat", wechat)
                .put("on_site", onSite)
                .put("high_risk", visits == 0 ? 0 : random.nextInt(Math.min(visits, 3) + 1))
                .put("follow_ups_due", random.nextInt(6))
                .put("applications_assisted", random.nextInt(4));
        ObjectNode payload = JSON.objectNode()
                .put("date", WINDOW_START.plusDays(random.nextInt(365)).toString())
                .put("worker_id", workerId());
        payload.set("counts", counts);
        return payload;
    }

    /** A help request (求助) raised from a kiosk. */
    public ObjectNode helpRequest() {
        ObjectNode payload = JSON.objectNode()
                .put("reason", pick(HELP_REASONS))
                .put("kiosk_location", pick(KIOSK_LOCATIONS))
                .put("requested_at", format(dateTime()));
        if (random.nextBoolean()) {
            payload.put("note", "（示例）请工作人员到自助终端协助。");
        }
        return payload;
    }

    /** A device telemetry event (设备事件). */
    public ObjectNode event() {
        EventKind kind = pick(EVENTS);
        ObjectNode details = JSON.objectNode()
                .put(kind.detailKey(), random.nextInt(kind.maxValue() + 1))
                .put("device", "demo-kiosk-" + digits(2));
        ObjectNode payload = JSON.objectNode().put("name", kind.name()).put("level", kind.level());
        payload.set("details", details);
        return payload;
    }

    /**
     * An obviously fictional 18-character ID number: region 110101, birth date 1935-2005, sequence
     * 900-999 and a correct check character.
     */
    String idNumber() {
        LocalDate birth = LocalDate.of(1935, 1, 1).plusDays(random.nextInt(71 * 365));
        String first17 = "110101" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + (900 + random.nextInt(100));
        return first17 + checkCharacter(first17);
    }

    /** The ISO 7064 MOD 11-2 check character (GB 11643) for the first 17 digits of an ID number. */
    static char checkCharacter(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private String householdId() {
        return "DEMO-HH-" + digits(4);
    }

    private String workerId() {
        return "demo_worker_" + digits(2);
    }

    private LocalDateTime dateTime() {
        return WINDOW_START.atTime(8, 0).plusDays(random.nextInt(365)).plusSeconds(random.nextInt(10 * 3600));
    }

    private static String format(LocalDateTime time) {
        return time.atOffset(CHINA).format(DATE_TIME);
    }

    private String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}

package org.doudi.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A refused payload is reported with field names and rules only: the message may reach a log or a
 * screen, and the refused value may be an ID number, a name or a phone number.
 */
class PayloadRejectedPrivacyTest {
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    private static ObjectNode application() {
        ObjectNode p = new SampleRecords(new SplittableRandom(5)).application();
        ((ObjectNode) p.get("applicant")).put("phone", "13800001234");
        return p;
    }

    private static PayloadRejected reject(RecordType type, JsonNode payload) {
        PayloadRejected e = catchThrowableOfType(PayloadRejected.class, () -> VALIDATOR.validate(type, payload));
        assertThat(e).as("payload should be refused").isNotNull();
        return e;
    }

    private static void assertNoLeak(PayloadRejected e, String value) {
        assertThat(e.getMessage()).doesNotContain(value);
        assertThat(e.violations()).allSatisfy(v -> {
            assertThat(v.field()).doesNotContain(value);
            assertThat(v.problem()).doesNotContain(value);
        });
    }

    @Test
    void sampleRecordsAreAccepted() throws Exception {
        SampleRecords samples = new SampleRecords(new SplittableRandom(8));
        for (int i = 0; i < 50; i++) {
            for (RecordType type : RecordType.values()) {
                VALIDATOR.validate(type, samples.payloadFor(type));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "phone, 1380000123",            // one digit short
        "phone, 138000012345",          // one digit long
        "phone, 23800001234",
        "phone, +8613800001234",        // over the length limit and the wrong shape
        "id_number, 11010119491231001Y",
        "id_number, 1101011949123100",
        "id_number, 110101194912310016X",
    })
    void aBadApplicantValueIsNamedButNotShown(String field, String value) {
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).put(field, value);
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.getMessage()).contains("applicant." + field);
        assertThat(e.violations()).extracting(PayloadRejected.Violation::field).contains("applicant." + field);
        assertNoLeak(e, value);
    }

    @Test
    void anOverLongNameIsNotEchoed() {
        String name = "王示例".repeat(20); // 60 characters, limit 50
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).put("name", name);
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.getMessage()).contains("applicant.name").contains("50");
        assertNoLeak(e, name);
        assertNoLeak(e, "王示例王示例");
    }

    @Test
    void aValueOfTheWrongTypeIsNotEchoed() {
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).put("household_size", "王示例的家");
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.getMessage()).contains("applicant.household_size");
        assertNoLeak(e, "王示例的家");
    }

    @Test
    void aBadDateTimeIsNotEchoed() {
        ObjectNode p = application();
        ((ObjectNode) p.get("declaration")).put("signed_at", "13800001234");
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.getMessage()).contains("declaration.signed_at");
        assertNoLeak(e, "13800001234");
    }

    @Test
    void aBadEnumValueIsNotEchoed() {
        ObjectNode p = application();
        p.put("channel", "王示例 110101194912310016");
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.getMessage()).contains("channel");
        assertNoLeak(e, "110101194912310016");
        assertNoLeak(e, "王示例");
    }

    @Test
    void aMissingFieldIsNamed() {
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).remove("id_number");
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.violations()).extracting(PayloadRejected.Violation::field).contains("applicant.id_number");
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        ObjectNode p = application();
        ObjectNode applicant = (ObjectNode) p.get("applicant");
        applicant.put("phone", "1380000");
        applicant.put("id_number", "123");
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertThat(e.violations()).extracting(PayloadRejected.Violation::field)
                .contains("applicant.phone", "applicant.id_number");
        assertNoLeak(e, "1380000");
    }

    @Test
    void welfareCheckNotesOverTheLimitAreNotEchoed() {
        ObjectNode p = new SampleRecords(new SplittableRandom(3)).welfareCheck();
        String notes = "（示例）王示例，电话13800001234，" + "情况说明".repeat(1000);
        p.put("notes", notes);
        PayloadRejected e = reject(RecordType.WELFARE_CHECK, p);
        assertThat(e.getMessage()).contains("notes");
        assertNoLeak(e, "13800001234");
        assertNoLeak(e, "王示例");
    }

    @Property(tries = 200)
    void noRefusedPhoneValueAppearsInTheMessage(@ForAll @StringLength(min = 4, max = 12) @CharRange(from = '0', to = '9')
            @AlphaChars String phone) {
        if (phone.matches("1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}")) {
            return; // a valid number is not refused
        }
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).put("phone", phone);
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertNoLeak(e, phone);
    }

    @Property(tries = 100)
    void noRefusedNameAppearsInTheMessage(@ForAll @StringLength(min = 51, max = 120) @CharRange(from = '\u4e00',
            to = '\u9fa5') String name) {
        ObjectNode p = application();
        ((ObjectNode) p.get("applicant")).put("name", name);
        PayloadRejected e = reject(RecordType.APPLICATION, p);
        assertNoLeak(e, name);
        assertNoLeak(e, name.substring(0, 4));
    }
}

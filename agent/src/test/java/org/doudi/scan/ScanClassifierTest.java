package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScanClassifierTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "11010519491231002X|RESIDENT_ID",
        "11010519491231002x|RESIDENT_ID",
        "110105194912310021|RESIDENT_ID",
        "110105491231002|RESIDENT_ID",
        "110105 19491231 002X|RESIDENT_ID",
        "1101051949123100|UNKNOWN",
        "11010519491231002Y|UNKNOWN",
        "SA1:6BFOXN*TS0BI$ZD|HOUSEHOLD_CARD",
        "sa1:abc|UNKNOWN",
        "DE1:NCFOXN|PROVISIONING_BUNDLE",
        "DD26-7KQ2M9XH4P|RECEIPT",
        "dd26-7kq2m9xh4p|RECEIPT",
        "DD26-7KQ2M9XH4|UNKNOWN",
        "DD26-7KQ2M9XH4I|UNKNOWN",
        "DD2026-7KQ2M9XH4P|UNKNOWN",
        "https://example.org|UNKNOWN",
    })
    void classifiesBySyntax(String text, ScanKind expected) {
        assertThat(ScanClassifier.classify(text)).isEqualTo(expected);
    }

    @Test
    void emptyTextIsUnknown() {
        assertThat(ScanClassifier.classify("")).isEqualTo(ScanKind.UNKNOWN);
    }

    @Test
    void everyKindSaysWhatItIsInBothLanguages() {
        for (ScanKind kind : ScanKind.values()) {
            assertThat(kind.messageZh()).containsPattern("\\p{IsHan}");
            assertThat(kind.messageEn()).matches("[ -~]+");
        }
    }

    @Test
    void refusesTextOverTheCapAndNeverPrintsTheText() {
        assertThat(ScannedCode.of(Optional.empty(), "x".repeat(ScanLimits.MAX_TEXT_BYTES + 1)))
                .isEqualTo(new ScanOutcome.Failed<ScannedCode>(
                        new ScanError.TextTooLong(ScanLimits.MAX_TEXT_BYTES + 1, ScanLimits.MAX_TEXT_BYTES)));
        assertThat(ScannedCode.of(Optional.empty(), "中".repeat(1366)))
                .as("the cap counts UTF-8 bytes").isInstanceOf(ScanOutcome.Failed.class);
        ScannedCode id = ((ScanOutcome.Ok<ScannedCode>) ScannedCode.of(Optional.of(Symbology.QR_CODE),
                "11010519491231002X")).value();
        assertThat(id.toString()).doesNotContain("1101").contains("RESIDENT_ID", "length=18", "QR_CODE");
    }
}

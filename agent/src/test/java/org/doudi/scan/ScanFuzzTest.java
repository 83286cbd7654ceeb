package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scanner line reader and the classifier take bytes from devices anyone can plug in; whatever arrives they
 * must return typed results and never throw. In a normal test run Jazzer replays the seeds under
 * {@code ScanFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class ScanFuzzTest {
    private static final List<Charset> CHARSETS = List.of(StandardCharsets.UTF_8, TextCharsets.GB18030,
            StandardCharsets.ISO_8859_1);
    private static final List<LineTerminator> TERMINATORS = List.of(LineTerminator.CR, LineTerminator.LF,
            LineTerminator.CRLF, LineTerminator.customByte(0x03));

    @FuzzTest(maxDuration = "30s")
    void lineReaderReturnsOnlyTypedReads(FuzzedDataProvider data) throws IOException {
        LineTerminator terminator = data.pickValue(TERMINATORS);
        Charset charset = data.pickValue(CHARSETS);
        int maxLineBytes = data.consumeInt(1, 512);
        List<SerialRead> reads = SerialLineReaderTest.read(data.consumeRemainingAsBytes(), terminator, charset,
                maxLineBytes);
        assertThat(reads).last().isEqualTo(new SerialRead.EndOfInput());
        for (SerialRead read : reads) {
            switch (read) {
                case SerialRead.Scan scan -> {
                    assertThat(scan.code().text()).isNotBlank();
                    assertThat(ScanLimits.utf8Length(scan.code().text()))
                            .isLessThanOrEqualTo(ScanLimits.MAX_TEXT_BYTES);
                }
                case SerialRead.LineTooLong tooLong -> assertThat(tooLong.bytes()).isGreaterThan(maxLineBytes);
                case SerialRead.Undecodable undecodable -> assertThat(undecodable.bytes()).isPositive();
                case SerialRead.Refused refused -> assertThat(refused.error()).isNotNull();
                case SerialRead.EndOfInput end -> assertThat(end).isNotNull();
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void classifierAndWedgeNormaliserAlwaysAnswer(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        assertThat(ScanClassifier.classify(text)).isNotNull();
        String normalised = KeyboardWedgeText.normalise(text);
        assertThat(normalised).doesNotContain("\r", "\n", "\u0000");
        assertThat(ScannedCode.of(java.util.Optional.empty(), normalised)).isNotNull();
        assertThat(TextCharsets.choose(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(StandardCharsets.UTF_8);
    }
}

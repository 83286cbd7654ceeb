package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.EncodeHintType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextCharsetsTest {
    private static final String CHINESE = "户主：张三，低保编号 SA1-0042";
    private final BarcodeDecoder decoder = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET);

    @Test
    void choosesUtf8ThenKanaShiftJisThenGb18030ThenLatin1() {
        assertThat(TextCharsets.choose("SA1:abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextCharsets.choose(CHINESE.getBytes(StandardCharsets.UTF_8))).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextCharsets.choose(CHINESE.getBytes(TextCharsets.GB18030))).isEqualTo(TextCharsets.GB18030);
        assertThat(TextCharsets.choose("今度のバージョン".getBytes(TextCharsets.SHIFT_JIS)))
                .isEqualTo(TextCharsets.SHIFT_JIS);
        assertThat(TextCharsets.choose(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x41}))
                .isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(TextCharsets.decode(CHINESE.getBytes(TextCharsets.GB18030))).isEqualTo(CHINESE);
    }

    @Test
    void qrWithEciDecodesWhateverCharsetItNames() {
        for (String charset : new String[] {"UTF-8", "GB18030"}) {
            GreyImage qr = TestImages.qr(CHINESE, Map.of(EncodeHintType.CHARACTER_SET, charset), 300);
            assertThat(decodedText(qr)).as(charset).isEqualTo(CHINESE);
        }
    }

    @Test
    void qrWithoutEciHoldingGbkBytesDecodesAsGb18030() {
        assertThat(decodedText(qrOfRawBytes(CHINESE, TextCharsets.GB18030))).isEqualTo(CHINESE);
    }

    @Test
    void qrWithoutEciHoldingUtf8BytesDecodesAsUtf8() {
        assertThat(decodedText(qrOfRawBytes(CHINESE, StandardCharsets.UTF_8))).isEqualTo(CHINESE);
    }

    /** Byte mode with no ECI, as older generators write it: each Latin-1 char below is one raw byte. */
    private static GreyImage qrOfRawBytes(String text, Charset charset) {
        String bytesAsLatin1 = new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
        return TestImages.qr(bytesAsLatin1, Map.of(), 300);
    }

    private String decodedText(GreyImage image) {
        DecodeResult result = decoder.decode(image);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).code().text();
    }
}

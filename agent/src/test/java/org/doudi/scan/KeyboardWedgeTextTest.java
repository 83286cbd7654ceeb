package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyboardWedgeTextTest {
    @Test
    void stripsControlsAndConvertsFullWidth() {
        assertThat(KeyboardWedgeText.normalise("  １１０１０５１９４９１２３１００２Ｘ\r\n")).isEqualTo("11010519491231002X");
        assertThat(KeyboardWedgeText.normalise("\tＤＤ２６－７ＫＱ２Ｍ９ＸＨ４Ｐ\u0000")).isEqualTo("DD26-7KQ2M9XH4P");
        assertThat(KeyboardWedgeText.normalise("ＳＡ１：abc\u3000")).isEqualTo("SA1:abc");
        assertThat(KeyboardWedgeText.normalise("户主\u200B张三")).as("zero-width space is a format character")
                .isEqualTo("户主张三");
    }

    @Test
    void normalisedWedgeInputClassifiesLikeTheScan() {
        assertThat(ScanClassifier.classify(KeyboardWedgeText.normalise("１１０１０５ １９４９１２３１ ００２Ｘ\r")))
                .isEqualTo(ScanKind.RESIDENT_ID);
    }
}

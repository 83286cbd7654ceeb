package org.doudi.scan;

import com.google.zxing.BarcodeFormat;
import java.util.Optional;

/** The barcode kinds Doudi reads; every one carries its own checksum or error correction. */
public enum Symbology {
    QR_CODE(BarcodeFormat.QR_CODE),
    DATA_MATRIX(BarcodeFormat.DATA_MATRIX),
    PDF_417(BarcodeFormat.PDF_417),
    CODE_128(BarcodeFormat.CODE_128);

    private final BarcodeFormat zxingFormat;

    Symbology(BarcodeFormat zxingFormat) {
        this.zxingFormat = zxingFormat;
    }

    BarcodeFormat zxingFormat() {
        return zxingFormat;
    }

    static Optional<Symbology> of(BarcodeFormat format) {
        for (Symbology s : values()) {
            if (s.zxingFormat == format) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

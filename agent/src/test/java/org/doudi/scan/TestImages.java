package org.doudi.scan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.util.Map;

/** Pictures for tests: rendered QR codes and rotations. */
final class TestImages {
    private TestImages() {
    }

    /** A QR code rendered black on white with a quiet zone, about {@code size} pixels square. */
    static GreyImage qr(String text, Map<EncodeHintType, ?> hints, int size) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    hints);
            byte[] pixels = new byte[matrix.getWidth() * matrix.getHeight()];
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    pixels[y * matrix.getWidth() + x] = (byte) (matrix.get(x, y) ? 0 : 255);
                }
            }
            return new GreyImage(matrix.getWidth(), matrix.getHeight(), pixels);
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rotates clockwise by a multiple of 90 degrees, as ZXing's black-box tests rotate their images. */
    static GreyImage rotate(GreyImage image, int degrees) {
        int w = image.width();
        int h = image.height();
        byte[] in = image.pixels();
        return switch (degrees) {
            case 0 -> image;
            case 180 -> {
                byte[] out = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[in.length - 1 - i] = in[i];
                }
                yield new GreyImage(w, h, out);
            }
            case 90, 270 -> {
                byte[] out = new byte[in.length];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int nx = degrees == 90 ? h - 1 - y : y;
                        int ny = degrees == 90 ? x : w - 1 - x;
                        out[ny * h + nx] = in[y * w + x];
                    }
                }
                yield new GreyImage(h, w, out);
            }
            default -> throw new IllegalArgumentException("rotation " + degrees);
        };
    }
}

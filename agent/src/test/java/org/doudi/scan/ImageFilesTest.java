package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.datamatrix.DataMatrixWriter;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.pdf417.PDF417Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    private final BarcodeDecoder decoder = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET);

    @Test
    void decodesRenderedDataMatrixPdf417AndCode128Files() throws Exception {
        Path dm = dir.resolve("dm.png");
        MatrixToImageWriter.writeToPath(new DataMatrixWriter().encode("DD26-7KQ2M9XH4P", BarcodeFormat.DATA_MATRIX,
                200, 200), "png", dm);
        Path pdf = dir.resolve("pdf.png");
        MatrixToImageWriter.writeToPath(new PDF417Writer().encode("SA1:household", BarcodeFormat.PDF_417, 400, 200),
                "png", pdf);
        Path code128 = dir.resolve("code128.png");
        MatrixToImageWriter.writeToPath(new Code128Writer().encode("DD26-7KQ2M9XH4P", BarcodeFormat.CODE_128, 400,
                120), "png", code128);
        assertDecoded(dm, Symbology.DATA_MATRIX, ScanKind.RECEIPT);
        assertDecoded(pdf, Symbology.PDF_417, ScanKind.HOUSEHOLD_CARD);
        assertDecoded(code128, Symbology.CODE_128, ScanKind.RECEIPT);
    }

    @Test
    void refusesWhatIsNotAnImageOrIsMissing() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThat(ImageFiles.read(text)).isInstanceOfSatisfying(ScanOutcome.Failed.class,
                f -> assertThat(f.error()).isInstanceOf(ScanError.NotAnImage.class));
        assertThat(ImageFiles.read(dir.resolve("missing.png"))).isEqualTo(
                new ScanOutcome.Failed<GreyImage>(new ScanError.CannotRead("no such file")));
    }

    @Test
    void refusesImagesOverTheCapFromTheHeaderAlone() throws IOException {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, pngHeaderOnly(10_000, 5_000));
        assertThat(ImageFiles.read(huge)).isEqualTo(new ScanOutcome.Failed<GreyImage>(
                new ScanError.ImageTooLarge(50_000_000L, ScanLimits.MAX_IMAGE_PIXELS)));
    }

    private void assertDecoded(Path file, Symbology symbology, ScanKind kind) {
        GreyImage image = ((ScanOutcome.Ok<GreyImage>) ImageFiles.read(file)).value();
        assertThat(decoder.decode(image)).as(file.toString()).isInstanceOfSatisfying(DecodeResult.Decoded.class,
                d -> {
                    assertThat(d.code().symbology()).contains(symbology);
                    assertThat(d.code().kind()).isEqualTo(kind);
                });
    }

    /** A PNG signature and IHDR chunk claiming the given size, with no pixel data after it. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}

package org.doudi.scan;

import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Turns an image file into a {@link GreyImage}, checking its size from the header before decoding any pixels. */
public final class ImageFiles {
    private ImageFiles() {
    }

    public static ScanOutcome<GreyImage> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return failed(new ScanError.CannotRead(Files.exists(file) ? "not a regular file" : "no such file"));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return failed(new ScanError.CannotRead("cannot open"));
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return failed(new ScanError.NotAnImage("unknown format"));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > ScanLimits.MAX_IMAGE_PIXELS) {
                    return failed(new ScanError.ImageTooLarge(pixels, ScanLimits.MAX_IMAGE_PIXELS));
                }
                BufferedImage image = reader.read(0);
                return new ScanOutcome.Ok<>(GreyImage.of(new BufferedImageLuminanceSource(image)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Image codecs report corrupt data with assorted runtime exceptions as well as IOException.
            return failed(new ScanError.NotAnImage(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
    }

    private static ScanOutcome<GreyImage> failed(ScanError error) {
        return new ScanOutcome.Failed<>(error);
    }
}

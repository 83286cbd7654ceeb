package org.doudi.scan;

import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import java.util.Objects;

/**
 * 8-bit luminance, one byte per pixel, rows packed without padding: the one picture form every source
 * (files, camera frames) is turned into before decoding. The array is shared, not copied; nothing here writes it.
 */
public record GreyImage(int width, int height, byte[] pixels) {
    public GreyImage {
        Objects.requireNonNull(pixels);
        if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("grey image " + width + "x" + height + " needs "
                    + (long) width * height + " bytes, got " + pixels.length);
        }
        if ((long) width * height > ScanLimits.MAX_IMAGE_PIXELS) {
            throw new IllegalArgumentException("grey image larger than " + ScanLimits.MAX_IMAGE_PIXELS + " pixels");
        }
    }

    public static GreyImage of(LuminanceSource source) {
        return new GreyImage(source.getWidth(), source.getHeight(), source.getMatrix());
    }

    long pixelCount() {
        return (long) width * height;
    }

    LuminanceSource luminanceSource() {
        return new PlanarYUVLuminanceSource(pixels, width, height, 0, 0, width, height, false);
    }

    GreyImage crop(Viewfinder area) {
        byte[] cropped = new byte[area.width() * area.height()];
        for (int y = 0; y < area.height(); y++) {
            System.arraycopy(pixels, (area.top() + y) * width + area.left(), cropped, y * area.width(), area.width());
        }
        return new GreyImage(area.width(), area.height(), cropped);
    }

    /**
     * Resized by {@code factor}: halvings by 2x2 averaging while the factor is at most a half (a box filter, so fine
     * detail averages out rather than aliasing), the rest bilinearly, which also serves for enlarging.
     */
    GreyImage scaled(double factor) {
        if (factor <= 0.5) {
            return halved().scaled(factor * 2);
        }
        if (factor == 1) {
            return this;
        }
        int w = Math.max(1, (int) Math.round(width * factor));
        int h = Math.max(1, (int) Math.round(height * factor));
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            // Pixel centres map to pixel centres, so the picture does not shift by half a pixel.
            double sy = Math.clamp((y + 0.5) / factor - 0.5, 0, height - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, height - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.clamp((x + 0.5) / factor - 0.5, 0, width - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, width - 1);
                double fx = sx - x0;
                double top = (pixels[y0 * width + x0] & 0xFF) * (1 - fx) + (pixels[y0 * width + x1] & 0xFF) * fx;
                double bottom = (pixels[y1 * width + x0] & 0xFF) * (1 - fx) + (pixels[y1 * width + x1] & 0xFF) * fx;
                out[y * w + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return new GreyImage(w, h, out);
    }

    /** Half the size by 2x2 averaging. */
    private GreyImage halved() {
        int w = width / 2;
        int h = height / 2;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int row0 = 2 * y * width;
            int row1 = row0 + width;
            for (int x = 0; x < w; x++) {
                int sum = (pixels[row0 + 2 * x] & 0xFF) + (pixels[row0 + 2 * x + 1] & 0xFF)
                        + (pixels[row1 + 2 * x] & 0xFF) + (pixels[row1 + 2 * x + 1] & 0xFF);
                out[y * w + x] = (byte) (sum >> 2);
            }
        }
        return new GreyImage(w, h, out);
    }
}

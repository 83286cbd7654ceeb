package org.doudi.scan;

import java.util.Objects;

/**
 * One raw camera frame as a UI or capture command hands it over.
 *
 * @param stride bytes from the start of one Y row to the next (at least {@code width}; cameras pad rows)
 * @param data   the frame; may hold more than {@link PixelFormat#frameBytes} (trailing padding is ignored)
 */
public record CameraFrame(PixelFormat format, int width, int height, int stride, byte[] data) {
    public CameraFrame {
        Objects.requireNonNull(format);
        Objects.requireNonNull(data);
    }

    /** The Y plane as a packed {@link GreyImage}, or why the frame's numbers do not add up. */
    public ScanOutcome<GreyImage> luminance() {
        if (width <= 0 || height <= 0 || stride < width) {
            return invalid("width " + width + ", height " + height + ", stride " + stride);
        }
        long pixels = (long) width * height;
        if (pixels > ScanLimits.MAX_IMAGE_PIXELS) {
            return new ScanOutcome.Failed<>(new ScanError.ImageTooLarge(pixels, ScanLimits.MAX_IMAGE_PIXELS));
        }
        long needed = (long) stride * (height - 1) + width;
        if (data.length < needed) {
            return invalid("needs at least " + needed + " bytes of Y plane, got " + data.length);
        }
        byte[] packed = new byte[(int) pixels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(data, y * stride, packed, y * width, width);
        }
        return new ScanOutcome.Ok<>(new GreyImage(width, height, packed));
    }

    private static ScanOutcome<GreyImage> invalid(String detail) {
        return new ScanOutcome.Failed<>(new ScanError.InvalidFrame(detail));
    }
}

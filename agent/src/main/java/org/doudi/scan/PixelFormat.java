package org.doudi.scan;

/**
 * Raw camera frame layouts. In both YUV layouts the full-resolution Y (luminance) plane comes first, which is all a
 * barcode decoder needs, so the chroma planes are only counted, never read.
 */
public enum PixelFormat {
    /** 8-bit grey ({@code ffmpeg -pix_fmt gray}). */
    GREY(false),
    /** Android camera default: Y plane, then interleaved V/U at quarter resolution. */
    NV21(true),
    /** Planar 4:2:0 ({@code ffmpeg -pix_fmt yuv420p}, rpicam-vid's default): Y, then U, then V. */
    I420(true);

    private final boolean hasChroma;

    PixelFormat(boolean hasChroma) {
        this.hasChroma = hasChroma;
    }

    /** Bytes of one frame whose Y rows are {@code stride} bytes apart (chroma rows at half stride, half height). */
    public long frameBytes(int stride, int height) {
        long luma = (long) stride * height;
        return hasChroma ? luma + 2L * ((stride + 1) / 2) * ((height + 1) / 2) : luma;
    }
}

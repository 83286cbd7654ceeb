package org.doudi.scan;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Decodes a stream of fixed-size raw frames, such as the stdout of
 * {@code ffmpeg -f v4l2 -i /dev/video0 -pix_fmt gray -f rawvideo -} or {@code rpicam-vid -t 0 --codec yuv420 -o -},
 * and yields each code once it has been read the same in two frames ({@link StableReads}).
 */
public final class FrameStream {
    private final InputStream in;
    private final PixelFormat format;
    private final int width;
    private final int height;
    private final int stride;
    private final Optional<Viewfinder> viewfinder;
    private final BarcodeDecoder decoder;
    private final StableReads stableReads;
    private final byte[] buffer;

    public FrameStream(InputStream in, PixelFormat format, int width, int height, int stride,
                       Optional<Viewfinder> viewfinder, BarcodeDecoder decoder) {
        long frameBytes = format.frameBytes(stride, height);
        if (width <= 0 || height <= 0 || stride < width || (long) width * height > ScanLimits.MAX_IMAGE_PIXELS
                || frameBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " stride " + stride);
        }
        this.in = in;
        this.format = format;
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.viewfinder = viewfinder;
        this.decoder = decoder;
        this.stableReads = new StableReads(15);
        this.buffer = new byte[(int) frameBytes];
    }

    /**
     * Reads frames until a code is stable, returning it, or until the stream ends (empty). A partial last frame is
     * dropped: capture commands cut off mid-frame when stopped.
     */
    public Optional<ScannedCode> nextStableCode() throws IOException {
        while (in.readNBytes(buffer, 0, buffer.length) == buffer.length) {
            DecodeResult result = switch (new CameraFrame(format, width, height, stride, buffer).luminance()) {
                case ScanOutcome.Ok<GreyImage> ok -> decoder.decode(ok.value(), viewfinder);
                case ScanOutcome.Failed<GreyImage> failed -> new DecodeResult.Refused(failed.error(), Duration.ZERO);
            };
            Optional<ScannedCode> stable = stableReads.offer(result);
            if (stable.isPresent()) {
                return stable;
            }
        }
        return Optional.empty();
    }
}

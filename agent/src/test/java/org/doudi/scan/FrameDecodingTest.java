package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameDecodingTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int STRIDE = 704;
    private static final String ID = "11010519491231002X";
    private static final String CARD = "SA1:6BFOXN*TS0BI$ZD";

    /** Generous, unlike {@link BarcodeDecoder#FRAME_BUDGET}: a loaded build machine must not make tests flaky. */
    private static final Duration TEST_BUDGET = Duration.ofSeconds(10);

    private final BarcodeDecoder decoder = BarcodeDecoder.allSymbologies(TEST_BUDGET);

    @Test
    void decodesGreyNv21AndI420FramesWithPaddedRows() {
        for (PixelFormat format : PixelFormat.values()) {
            CameraFrame frame = frame(format, Optional.of(ID));
            GreyImage luminance = ((ScanOutcome.Ok<GreyImage>) frame.luminance()).value();
            DecodeResult result = decoder.decode(luminance,
                    Optional.of(Viewfinder.centredSquare(WIDTH, HEIGHT, 0.9)));
            assertThat(result).as(format.name()).isInstanceOfSatisfying(DecodeResult.Decoded.class, d -> {
                assertThat(d.code().text()).isEqualTo(ID);
                assertThat(d.code().kind()).isEqualTo(ScanKind.RESIDENT_ID);
            });
        }
    }

    @Test
    void aStreamYieldsACodeOnlyAfterTwoIdenticalReadsAndOnlyOnce() throws IOException {
        assertThat(stream(PixelFormat.NV21, Optional.of(ID))).as("one frame is not enough").isEmpty();
        assertThat(stream(PixelFormat.NV21, Optional.of(ID), Optional.of(CARD))).isEmpty();

        FrameStream frames = new FrameStream(new ByteArrayInputStream(concat(PixelFormat.I420, Optional.empty(),
                Optional.of(ID), Optional.empty(), Optional.of(ID), Optional.of(ID), Optional.of(CARD),
                Optional.of(CARD))), PixelFormat.I420, WIDTH, HEIGHT, STRIDE, Optional.empty(), decoder);
        assertThat(frames.nextStableCode()).map(ScannedCode::text).contains(ID);
        assertThat(frames.nextStableCode()).as("the held ID is not reported again").map(ScannedCode::text)
                .contains(CARD);
        assertThat(frames.nextStableCode()).isEmpty();
    }

    @Test
    void aPartialLastFrameIsDropped() throws IOException {
        byte[] oneAndAHalf = concat(PixelFormat.GREY, Optional.of(ID), Optional.of(ID));
        byte[] truncated = Arrays.copyOf(oneAndAHalf, oneAndAHalf.length - 100);
        FrameStream frames = new FrameStream(new ByteArrayInputStream(truncated), PixelFormat.GREY, WIDTH, HEIGHT,
                STRIDE, Optional.empty(), decoder);
        assertThat(frames.nextStableCode()).isEmpty();
    }

    @Test
    void refusesFramesWhoseNumbersDoNotAddUp() {
        assertThat(new CameraFrame(PixelFormat.GREY, 640, 480, 600, new byte[640 * 480]).luminance())
                .isInstanceOfSatisfying(ScanOutcome.Failed.class,
                        f -> assertThat(f.error()).isInstanceOf(ScanError.InvalidFrame.class));
        assertThat(new CameraFrame(PixelFormat.NV21, 640, 480, 640, new byte[1000]).luminance())
                .isInstanceOfSatisfying(ScanOutcome.Failed.class,
                        f -> assertThat(f.error()).isInstanceOf(ScanError.InvalidFrame.class));
        assertThat(new CameraFrame(PixelFormat.GREY, 8000, 6000, 8000, new byte[0]).luminance())
                .isInstanceOfSatisfying(ScanOutcome.Failed.class,
                        f -> assertThat(f.error()).isEqualTo(new ScanError.ImageTooLarge(48_000_000L,
                                ScanLimits.MAX_IMAGE_PIXELS)));
    }

    @Test
    void stopsAtTheTimeBudgetBetweenAttempts() {
        byte[] noise = new byte[1600 * 1200];
        new java.util.Random(1).nextBytes(noise);
        DecodeResult result = BarcodeDecoder.allSymbologies(Duration.ZERO).decode(new GreyImage(1600, 1200, noise));
        assertThat(result).isInstanceOfSatisfying(DecodeResult.NothingFound.class, n -> {
            assertThat(n.budgetExhausted()).isTrue();
            assertThat(n.attempts()).isEqualTo(1);
        });
    }

    @Test
    void rescalesStillImagesOnlyNotCameraFrames() {
        byte[] noise = new byte[120 * 120];
        new java.util.Random(2).nextBytes(noise);
        GreyImage image = new GreyImage(120, 120, noise);
        // Just under the still-image threshold yet ample for five attempts on 120x120, even on a loaded machine.
        DecodeResult frame = BarcodeDecoder.allSymbologies(Duration.ofMillis(999)).decode(image);
        DecodeResult still = BarcodeDecoder.allSymbologies(TEST_BUDGET).decode(image);
        assertThat(frame).isInstanceOfSatisfying(DecodeResult.NothingFound.class,
                n -> assertThat(n.attempts()).isEqualTo(5));
        assertThat(still).isInstanceOfSatisfying(DecodeResult.NothingFound.class,
                n -> assertThat(n.attempts()).isEqualTo(5 + 4 * 2));
    }

    @Test
    void readsAnInvertedCode() {
        GreyImage qr = TestImages.qr(CARD, Map.of(), 240);
        byte[] inverted = qr.pixels().clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = (byte) ~inverted[i];
        }
        assertThat(decoder.decode(new GreyImage(qr.width(), qr.height(), inverted)))
                .isInstanceOfSatisfying(DecodeResult.Decoded.class,
                        d -> assertThat(d.code().kind()).isEqualTo(ScanKind.HOUSEHOLD_CARD));
    }

    private static Optional<ScannedCode> stream(PixelFormat format, Optional<?>... contents) throws IOException {
        @SuppressWarnings("unchecked")
        Optional<String>[] texts = Arrays.stream(contents).map(o -> o.map(String::valueOf)).toArray(Optional[]::new);
        return new FrameStream(new ByteArrayInputStream(concat(format, texts)), format, WIDTH, HEIGHT, STRIDE,
                Optional.empty(), BarcodeDecoder.allSymbologies(TEST_BUDGET)).nextStableCode();
    }

    @SafeVarargs
    private static byte[] concat(PixelFormat format, Optional<String>... contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Optional<String> content : contents) {
            out.writeBytes(frame(format, content).data());
        }
        return out.toByteArray();
    }

    /** A mid-grey frame with the code (if any) drawn off-centre, padded rows and neutral chroma. */
    private static CameraFrame frame(PixelFormat format, Optional<String> content) {
        byte[] data = new byte[(int) format.frameBytes(STRIDE, HEIGHT)];
        Arrays.fill(data, (byte) 128);
        Arrays.fill(data, 0, STRIDE * HEIGHT, (byte) 150);
        content.ifPresent(text -> {
            GreyImage qr = TestImages.qr(text, Map.of(), 260);
            int left = 200;
            int top = 120;
            for (int y = 0; y < qr.height(); y++) {
                System.arraycopy(qr.pixels(), y * qr.width(), data, (top + y) * STRIDE + left, qr.width());
            }
        });
        return new CameraFrame(format, WIDTH, HEIGHT, STRIDE, data);
    }
}

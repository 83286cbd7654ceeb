package org.doudi.scan;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;

/**
 * Gets more out of one picture than a single ZXing call: it works through a plan of attempts and stops at the
 * first good read.
 *
 * <p>The plan, per region (the viewfinder crop first when one is given, then the whole picture): hybrid binariser;
 * the same with TRY_HARDER; the global-histogram binariser (better on low-contrast, evenly lit prints); pure-barcode
 * mode (a clean render with nothing else in it); a half-size pyramid down to about 1000 pixels, because big photos
 * have modules wider than the hybrid binariser's blocks; the inverted picture (light code on dark ground); and last,
 * the picture shrunk to 3/4 and enlarged 1.5, 2 and 3 times (up to 2000 pixels), each with both binarisers, for
 * small blurred photographs whose modules are too few pixels for ZXing's detector (still images only: a budget of a
 * second or more, not a camera frame's). On ZXing's QR black-box images the rescalings lift the reads from 634 to
 * 676 of 716 with no misread (docs/benchmarks.md, section 4).
 *
 * <p>Misreads: QR, Data Matrix and PDF417 carry Reed-Solomon error correction, which ZXing always checks. Code 128
 * has only a mod-103 check character, so a Code 128 read is accepted only when a second read of a different band of
 * rows (away from the row of the first read) gives the same text.
 *
 * <p>The time budget is checked between attempts; a single ZXing call cannot be interrupted, so one picture can
 * overrun the budget by the length of one attempt (tens of milliseconds at a few megapixels). The first attempt
 * always runs.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class BarcodeDecoder {
    /** For image files: generous, a person is waiting for one answer. */
    public static final Duration FILE_BUDGET = Duration.ofSeconds(10);
    /** For camera frames: the next frame is coming anyway. */
    public static final Duration FRAME_BUDGET = Duration.ofMillis(250);

    private static final int PYRAMID_STOP_SIDE = 1000;
    /** A code needs at least 21 modules of a pixel or more; shrinking below this cannot help. */
    private static final int MIN_SCALED_SIDE = 32;
    /**
     * Last-resort rescalings, cheapest first. Blurred low-resolution photographs (like the 240x240 webcam shots among
     * ZXing's black-box images) read once enlarged: bilinear interpolation gives the hybrid binariser's 8-pixel blocks
     * and the finder-pattern scan more pixels per module edge. A slight shrink merges JPEG and print noise into the
     * modules instead. Halving small pictures is left out: on a code built into a photograph it read a wrong text.
     */
    private static final double[] RESCALES = {0.75, 1.5, 2, 3};
    /** Enlarging stops here: beyond it a module is already many pixels wide and the attempt only costs time. */
    private static final int MAX_ENLARGED_SIDE = 2000;
    /**
     * The rescalings need a still-image budget. Under a camera frame's they overran it (an empty 640x480 frame took
     * 221 ms median, 331 ms p95 against 250 ms) and tripled the cost of every frame without a code, while the next
     * frame, taken a little closer or steadier, is the better second chance.
     */
    private static final Duration MIN_RESCALING_BUDGET = Duration.ofSeconds(1);
    private static final int MIN_CONFIRMATION_BAND_ROWS = 12;

    private enum Binariser { HYBRID, GLOBAL_HISTOGRAM }

    private enum Effort { NORMAL, TRY_HARDER, PURE_BARCODE }

    /** One way of looking at the picture: which region, at what scale, inverted or not, how. */
    private record Attempt(int region, double scale, boolean inverted, Binariser binariser, Effort effort) {
    }

    /** A region resized by {@code scale}; computed once per decode and shared by the attempts on it. */
    private record Scaled(int region, double scale) {
    }

    private final Set<Symbology> symbologies;
    private final Duration budget;
    private final boolean rescales;

    public BarcodeDecoder(Set<Symbology> symbologies, Duration budget) {
        if (symbologies.isEmpty()) {
            throw new IllegalArgumentException("at least one symbology");
        }
        this.symbologies = Set.copyOf(symbologies);
        this.budget = budget;
        this.rescales = budget.compareTo(MIN_RESCALING_BUDGET) >= 0;
    }

    public static BarcodeDecoder allSymbologies(Duration budget) {
        return new BarcodeDecoder(EnumSet.allOf(Symbology.class), budget);
    }

    public DecodeResult decode(GreyImage image) {
        return decode(image, Optional.empty());
    }

    /** Reads an image file and decodes it; a file that is no readable image is a {@link DecodeResult.Refused}. */
    public DecodeResult decodeFile(java.nio.file.Path file) {
        return switch (ImageFiles.read(file)) {
            case ScanOutcome.Ok<GreyImage> ok -> decode(ok.value());
            case ScanOutcome.Failed<GreyImage> failed -> new DecodeResult.Refused(failed.error(), Duration.ZERO);
        };
    }

    /** Decodes {@code image}, looking inside {@code viewfinder} first when it lies within the image. */
    public DecodeResult decode(GreyImage image, Optional<Viewfinder> viewfinder) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        List<GreyImage> regions = new ArrayList<>();
        viewfinder.filter(v -> v.fitsIn(image.width(), image.height())).ifPresent(v -> regions.add(image.crop(v)));
        regions.add(image);
        Map<Scaled, GreyImage> pictures = new HashMap<>();
        int attempts = 0;
        for (Attempt attempt : plan(regions)) {
            if (attempts > 0 && System.nanoTime() > deadline) {
                return new DecodeResult.NothingFound(since(start), attempts, true);
            }
            attempts++;
            GreyImage picture = picture(regions, pictures, attempt);
            Optional<Result> read = read(picture, attempt, Optional.empty());
            if (read.isEmpty()) {
                continue;
            }
            Result result = read.get();
            if (result.getBarcodeFormat() == Symbology.CODE_128.zxingFormat()) {
                attempts++;
                if (!confirmCode128(picture, attempt, result)) {
                    continue;
                }
            }
            return accept(result, picture, attempt, start, attempts);
        }
        return new DecodeResult.NothingFound(since(start), attempts, false);
    }

    private List<Attempt> plan(List<GreyImage> regions) {
        List<Attempt> plan = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            plan.add(new Attempt(r, 1, false, Binariser.HYBRID, Effort.NORMAL));
            plan.add(new Attempt(r, 1, false, Binariser.HYBRID, Effort.TRY_HARDER));
            plan.add(new Attempt(r, 1, false, Binariser.GLOBAL_HISTOGRAM, Effort.TRY_HARDER));
            plan.add(new Attempt(r, 1, false, Binariser.HYBRID, Effort.PURE_BARCODE));
            int longSide = Math.max(regions.get(r).width(), regions.get(r).height());
            int shortSide = Math.min(regions.get(r).width(), regions.get(r).height());
            double scale = 1;
            while (longSide * scale > PYRAMID_STOP_SIDE && shortSide * scale >= 2 * MIN_SCALED_SIDE) {
                scale /= 2;
                plan.add(new Attempt(r, scale, false, Binariser.HYBRID, Effort.TRY_HARDER));
            }
            plan.add(new Attempt(r, 1, true, Binariser.HYBRID, Effort.TRY_HARDER));
            for (int i = 0; rescales && i < RESCALES.length; i++) {
                double rescale = RESCALES[i];
                boolean fits = rescale < 1 || longSide * rescale <= MAX_ENLARGED_SIDE;
                if (fits && shortSide * rescale >= MIN_SCALED_SIDE) {
                    plan.add(new Attempt(r, rescale, false, Binariser.HYBRID, Effort.TRY_HARDER));
                    plan.add(new Attempt(r, rescale, false, Binariser.GLOBAL_HISTOGRAM, Effort.TRY_HARDER));
                }
            }
        }
        return plan;
    }

    private static GreyImage picture(List<GreyImage> regions, Map<Scaled, GreyImage> cache, Attempt attempt) {
        GreyImage region = regions.get(attempt.region());
        return attempt.scale() == 1 ? region
                : cache.computeIfAbsent(new Scaled(attempt.region(), attempt.scale()), s -> region.scaled(s.scale()));
    }

    private Optional<Result> read(GreyImage picture, Attempt attempt, Optional<Charset> byteCharset) {
        LuminanceSource source = picture.luminanceSource();
        if (attempt.inverted()) {
            source = source.invert();
        }
        BinaryBitmap bitmap = new BinaryBitmap(attempt.binariser() == Binariser.HYBRID
                ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source));
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, symbologies.stream().map(Symbology::zxingFormat).toList());
        switch (attempt.effort()) {
            case NORMAL -> { }
            case TRY_HARDER -> hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            case PURE_BARCODE -> hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        }
        byteCharset.ifPresent(c -> hints.put(DecodeHintType.CHARACTER_SET, c.name()));
        MultiFormatReader reader = new MultiFormatReader();
        reader.setHints(hints);
        try {
            return Optional.of(reader.decodeWithState(bitmap));
        } catch (ReaderException | RuntimeException e) {
            // ZXing signals "no code here" with exceptions, and some corrupt-symbol paths throw unchecked ones
            // (index and argument errors); either way this attempt read nothing and the next one may.
            return Optional.empty();
        }
    }

    /**
     * Reads the bands of rows above and below the first read's row (larger first); the same text in either
     * confirms it. The bars of a 1-D code run its full height, so a real code shows up again away from that row,
     * while a chance pattern that passed the mod-103 check rarely does.
     */
    private boolean confirmCode128(GreyImage picture, Attempt attempt, Result first) {
        ResultPoint[] points = first.getResultPoints();
        if (points == null || points.length == 0) {
            return false;
        }
        int row = (int) points[0].getY();
        int margin = Math.max(2, picture.height() / 50);
        int aboveRows = Math.max(0, Math.min(picture.height(), row - margin));
        int belowStart = Math.max(0, row + margin + 1);
        int belowRows = picture.height() - belowStart;
        List<Viewfinder> bands = new ArrayList<>();
        if (aboveRows >= MIN_CONFIRMATION_BAND_ROWS) {
            bands.add(new Viewfinder(0, 0, picture.width(), aboveRows));
        }
        if (belowRows >= MIN_CONFIRMATION_BAND_ROWS) {
            bands.add(belowRows > aboveRows ? 0 : bands.size(),
                    new Viewfinder(0, belowStart, picture.width(), belowRows));
        }
        Attempt confirming = new Attempt(attempt.region(), attempt.scale(), attempt.inverted(),
                attempt.binariser(), Effort.TRY_HARDER);
        return bands.stream().anyMatch(band -> read(picture.crop(band), confirming, Optional.empty())
                .filter(r -> r.getBarcodeFormat() == first.getBarcodeFormat() && r.getText().equals(first.getText()))
                .isPresent());
    }

    private DecodeResult accept(Result result, GreyImage picture, Attempt attempt, long start, int attempts) {
        String text = withChosenCharset(result, picture, attempt);
        Symbology symbology = Symbology.of(result.getBarcodeFormat()).orElseThrow();
        return switch (ScannedCode.of(Optional.of(symbology), text)) {
            case ScanOutcome.Ok<ScannedCode> ok -> {
                Logger.debug("decoded {} after {} attempt(s)", ok.value().describeForLog(), attempts);
                yield new DecodeResult.Decoded(ok.value(), since(start), attempts);
            }
            case ScanOutcome.Failed<ScannedCode> failed -> {
                Logger.info("refused a {} read: {}", symbology, failed.error().message());
                yield new DecodeResult.Refused(failed.error(), since(start));
            }
        };
    }

    /**
     * ZXing guesses the charset of byte segments (UTF-8, Shift_JIS or ISO-8859-1) and cannot guess GB18030; when a
     * QR code names no charset (no ECI) this re-reads it with {@link TextCharsets#choose}'s answer as the hint.
     * An ECI in the code still wins over the hint inside ZXing, as the standard requires. When ZXing's text already
     * holds Japanese kana (from a Kanji-mode segment or a Shift_JIS guess), the code is Japanese and is left alone.
     */
    private String withChosenCharset(Result result, GreyImage picture, Attempt attempt) {
        if (result.getBarcodeFormat() != Symbology.QR_CODE.zxingFormat() || declaresEci(result)
                || TextCharsets.containsKana(result.getText())) {
            return result.getText();
        }
        Object segments = result.getResultMetadata() == null ? null
                : result.getResultMetadata().get(ResultMetadataType.BYTE_SEGMENTS);
        if (!(segments instanceof List<?> list) || list.isEmpty()) {
            return result.getText();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object segment : list) {
            if (segment instanceof byte[] b) {
                bytes.writeBytes(b);
            }
        }
        Charset chosen = TextCharsets.choose(bytes.toByteArray());
        return read(picture, attempt, Optional.of(chosen))
                .filter(r -> r.getBarcodeFormat() == result.getBarcodeFormat())
                .map(Result::getText)
                .orElse(result.getText());
    }

    /** ISO/IEC 18004 symbology identifiers ]Q2, ]Q4 and ]Q6 mean the symbol contains an ECI. */
    private static boolean declaresEci(Result result) {
        Object identifier = result.getResultMetadata() == null ? null
                : result.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER);
        return identifier instanceof String id && id.length() == 3 && "246".indexOf(id.charAt(2)) >= 0;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

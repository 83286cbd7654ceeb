package org.doudi.bench;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.CameraFrame;
import org.doudi.scan.DecodeResult;
import org.doudi.scan.GreyImage;
import org.doudi.scan.PixelFormat;
import org.doudi.scan.ScanOutcome;

/**
 * Decoding: how many of ZXing's QR black-box photographs (qrcode-1..6, each at 0/90/180/270 degrees, rotated as
 * ZXing's own black-box tests rotate them) each subject reads, and how long it takes per image:
 * <ol>
 *   <li>doudi: {@link BarcodeDecoder#allSymbologies} with the file budget, the decoder {@code ./doudi decode}
 *       uses;</li>
 *   <li>zxing: {@link MultiFormatReader}, hybrid binariser, QR only, no other hint;</li>
 *   <li>zxing-th: the same with TRY_HARDER;</li>
 *   <li>zbarimg (Debian zbar-tools), QR only. A process per image would charge zbar its start-up each time, so every
 *       rotation is read by one process over all its images (per-image figure = that wall time / images); each image
 *       is also read by a process of its own, whose median start-up on a 1x1 picture is printed beside it.</li>
 * </ol>
 * The three in-process subjects get the same grey pixels, run one after another per image in rotating order, after an
 * untimed warm-up pass over the upright images, and are timed on decoding alone (not on reading the file); zbarimg's
 * times include reading its PNG. Then a 640x480 grey camera frame, with a code and without, through the camera path
 * ({@link CameraFrame#luminance()} and the frame budget). Images whose folder is absent are skipped with a message.
 * Usage: {@code DecodeBench [frame-repetitions=200]}.
 */
public final class DecodeBench {
    private static final List<String> FOLDERS =
            List.of("qrcode-1", "qrcode-2", "qrcode-3", "qrcode-4", "qrcode-5", "qrcode-6");
    private static final int[] ROTATIONS = {0, 90, 180, 270};
    private static final List<Path> ROOTS =
            List.of(Path.of("../shared/data/zxing-blackbox"), Path.of("/work/shared/data/zxing-blackbox"));
    private static final List<String> ZBAR = List.of("zbarimg", "-q", "--xml", "--nodbus", "-Sdisable",
            "-Sqrcode.enable");
    private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final int FRAME_WIDTH = 640;
    private static final int FRAME_HEIGHT = 480;

    /** {@code text} is the .txt file, or the .bin bytes as ISO-8859-1 (ZXing's convention); {@code bytes} raw. */
    private record Expected(String text, byte[] bytes, boolean binary) {
        /**
         * Doudi shows bytes that are valid GB18030 as Chinese where ZXing's expected text is Shift_JIS half-width
         * katakana (TextCharsets' Chinese-first policy): the same bytes, so the same read.
         */
        boolean matches(String read) {
            return read.equals(text) || (!binary && read.equals(new String(text.getBytes(SHIFT_JIS), GB18030)));
        }

        boolean matchesBytes(byte[] read) {
            return Arrays.equals(read, bytes);
        }
    }

    private record Image(String folder, String name, Expected expected) {
        String label() {
            return folder + "/" + name;
        }
    }

    private enum Verdict { CORRECT, MISREAD, NOT_FOUND }

    /** What one subject did over all images: verdicts per image label and rotation, times per image. */
    private static final class Tally {
        final String name;
        final Stats times = new Stats();
        final Map<String, Verdict> verdicts = new LinkedHashMap<>();

        Tally(String name) {
            this.name = name;
        }

        void add(String key, Verdict verdict, long nanos) {
            verdicts.put(key, verdict);
            times.add(nanos);
        }

        long count(Verdict verdict) {
            return verdicts.values().stream().filter(v -> v == verdict).count();
        }

        List<String> with(Verdict verdict) {
            return verdicts.entrySet().stream().filter(e -> e.getValue() == verdict).map(Map.Entry::getKey).toList();
        }
    }

    /** An in-process subject: the text it read, or empty. */
    private record Subject(Tally tally, Function<GreyImage, Optional<String>> read) {
    }

    public static void main(String[] args) throws Exception {
        int frameRepetitions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Optional<Path> root = ROOTS.stream().filter(Files::isDirectory).findFirst();
        if (root.isEmpty()) {
            System.out.println("Decoding: skipped, ZXing black-box images not found at " + ROOTS);
            return;
        }
        List<Image> images = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path dir = root.get().resolve(folder);
            if (!Files.isDirectory(dir)) {
                System.out.println("Decoding: skipping absent folder " + dir);
                continue;
            }
            for (Path file : imageFiles(dir)) {
                expected(file).ifPresent(e -> images.add(new Image(folder, file.getFileName().toString(), e)));
            }
        }
        System.out.printf("Decoding: %d QR images from %s x %d rotations; %d CPUs; load average before: %s%n%n",
                images.size(), root.get().toAbsolutePath().normalize(), ROTATIONS.length,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        BarcodeDecoder doudi = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET);
        List<Subject> subjects = List.of(
                new Subject(new Tally("doudi"), grey -> switch (doudi.decode(grey)) {
                    case DecodeResult.Decoded d -> Optional.of(d.code().text());
                    default -> Optional.empty();
                }),
                new Subject(new Tally("zxing"), grey -> zxing(grey, false)),
                new Subject(new Tally("zxing-th"), grey -> zxing(grey, true)));
        Tally zbarBatch = new Tally("zbarimg");
        Tally zbarEach = new Tally("zbarimg, process per image");
        boolean zbar = zbarPresent();
        // Warm-up: every in-process subject over every upright image once, untimed, so that the JIT compiles
        // ZXing's and Doudi's code before the first measured picture rather than during the first rotation.
        for (Image image : images) {
            GreyImage grey = grey(rotate(ImageIO.read(root.get().resolve(image.folder()).resolve(image.name())
                    .toFile()), 0));
            subjects.forEach(s -> s.read().apply(grey));
        }
        Path pngs = Files.createTempDirectory("doudi-decode-bench");
        try {
            int turn = 0;
            for (int rotation : ROTATIONS) {
                Map<Path, Image> written = new LinkedHashMap<>();
                for (Image image : images) {
                    BufferedImage rotated = rotate(ImageIO.read(root.get().resolve(image.folder())
                            .resolve(image.name()).toFile()), rotation);
                    GreyImage grey = grey(rotated);
                    String key = image.label() + "@" + rotation;
                    for (int i = 0; i < subjects.size(); i++) {
                        Subject subject = subjects.get((turn + i) % subjects.size());
                        long start = System.nanoTime();
                        Optional<String> read = subject.read().apply(grey);
                        long nanos = System.nanoTime() - start;
                        subject.tally().add(key, read.map(t -> image.expected().matches(t)
                                ? Verdict.CORRECT : Verdict.MISREAD).orElse(Verdict.NOT_FOUND), nanos);
                    }
                    turn++;
                    if (zbar) {
                        Path png = pngs.resolve(image.folder() + "-" + image.name() + "-" + rotation + ".png");
                        ImageIO.write(rotated, "png", png.toFile());
                        written.put(png, image);
                    }
                }
                if (zbar) {
                    zbarRotation(written, rotation, zbarBatch, zbarEach);
                }
                System.out.printf("  rotation %d done (load average %s)%n", rotation, loadAverage());
            }
            Stats startup = zbar ? zbarStartup(pngs) : new Stats();
            System.out.println();
            report(subjects.stream().map(Subject::tally).toList(), zbar ? Optional.of(zbarBatch) : Optional.empty(),
                    zbarEach, startup);
        } finally {
            try (Stream<Path> files = Files.list(pngs)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(pngs);
        }
        cameraFrames(root.get(), frameRepetitions);
        System.out.println("Load average after: " + loadAverage());
    }

    private static GreyImage grey(BufferedImage image) {
        LuminanceSource luminance = new BufferedImageLuminanceSource(image);
        return new GreyImage(luminance.getWidth(), luminance.getHeight(), luminance.getMatrix());
    }

    private static Optional<String> zxing(GreyImage grey, boolean tryHarder) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        if (tryHarder) {
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        }
        try {
            return Optional.of(new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(toBuffered(grey)))), hints).getText());
        } catch (ReaderException e) {
            return Optional.empty();
        }
    }

    /**
     * ZXing's reader is handed what its own black-box tests hand it, a BufferedImage source; building it is part of
     * the time, as building Doudi's source is part of Doudi's.
     */
    private static BufferedImage toBuffered(GreyImage grey) {
        BufferedImage image = new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, grey.width(), grey.height(), grey.pixels());
        return image;
    }

    /** Clockwise about the centre into the rotated bounding box, bicubic: as ZXing's black-box test cases do. */
    private static BufferedImage rotate(BufferedImage original, int degrees) {
        if (degrees == 0) {
            return original;
        }
        BufferedImage source = original;
        int type = original.getType();
        if (type == BufferedImage.TYPE_BYTE_INDEXED || type == BufferedImage.TYPE_BYTE_BINARY) {
            // AffineTransformOp cannot interpolate into indexed colour models.
            source = new BufferedImage(original.getWidth(), original.getHeight(), BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = source.createGraphics();
            g.drawImage(original, 0, 0, null);
            g.dispose();
        }
        double radians = Math.toRadians(degrees);
        Rectangle2D bounds = new AffineTransformOp(AffineTransform.getRotateInstance(radians,
                source.getWidth() / 2.0, source.getHeight() / 2.0), AffineTransformOp.TYPE_BICUBIC)
                .getBounds2D(source);
        int width = (int) Math.ceil(bounds.getWidth());
        int height = (int) Math.ceil(bounds.getHeight());
        AffineTransform centred = AffineTransform.getRotateInstance(radians, width / 2.0, height / 2.0);
        centred.translate((width - source.getWidth()) / 2.0, (height - source.getHeight()) / 2.0);
        return new AffineTransformOp(centred, AffineTransformOp.TYPE_BICUBIC)
                .filter(source, new BufferedImage(width, height, source.getType()));
    }

    private static void zbarRotation(Map<Path, Image> written, int rotation, Tally batch, Tally each)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(ZBAR);
        written.keySet().forEach(p -> command.add(p.toString()));
        long start = System.nanoTime();
        Map<String, List<byte[]>> reads = zbar(command);
        long perImage = (System.nanoTime() - start) / Math.max(1, written.size());
        for (Map.Entry<Path, Image> entry : written.entrySet()) {
            Image image = entry.getValue();
            String key = image.label() + "@" + rotation;
            batch.add(key, zbarVerdict(image, reads.getOrDefault(entry.getKey().toString(), List.of())), perImage);
            List<String> single = new ArrayList<>(ZBAR);
            single.add(entry.getKey().toString());
            long one = System.nanoTime();
            Map<String, List<byte[]>> alone = zbar(single);
            each.add(key, zbarVerdict(image, alone.getOrDefault(entry.getKey().toString(), List.of())),
                    System.nanoTime() - one);
        }
    }

    /** zbar may read several symbols in one picture; the expected one among them counts as correct. */
    private static Verdict zbarVerdict(Image image, List<byte[]> reads) {
        if (reads.isEmpty()) {
            return Verdict.NOT_FOUND;
        }
        boolean any = reads.stream().anyMatch(b -> image.expected().binary() ? image.expected().matchesBytes(b)
                : image.expected().matches(new String(b, StandardCharsets.UTF_8)));
        return any ? Verdict.CORRECT : Verdict.MISREAD;
    }

    private static final Pattern SOURCE = Pattern.compile("<source href='([^']*)'>(.*?)</source>", Pattern.DOTALL);
    private static final Pattern DATA =
            Pattern.compile("<data( format='base64')?[^>]*><!\\[CDATA\\[(.*?)\\]\\]></data>", Pattern.DOTALL);

    /** Runs zbarimg --xml; per file, the symbols it read (UTF-8 text, or the bytes zbar chose to base64). */
    private static Map<String, List<byte[]>> zbar(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String xml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<String, List<byte[]>> reads = new LinkedHashMap<>();
        Matcher source = SOURCE.matcher(xml);
        while (source.find()) {
            List<byte[]> symbols = new ArrayList<>();
            Matcher data = DATA.matcher(source.group(2));
            while (data.find()) {
                // A CDATA section cannot hold "]]>", so XML writers split it there; join the pieces back.
                String text = data.group(2).replace("]]]]><![CDATA[>", "]]>");
                symbols.add(data.group(1) != null ? Base64.getMimeDecoder().decode(text)
                        : text.getBytes(StandardCharsets.UTF_8));
            }
            reads.put(source.group(1), symbols);
        }
        return reads;
    }

    /** What starting zbarimg costs, read off a 1x1 picture. */
    private static Stats zbarStartup(Path dir) throws IOException, InterruptedException {
        Path tiny = dir.resolve("tiny.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", tiny.toFile());
        Stats stats = new Stats();
        List<String> command = new ArrayList<>(ZBAR);
        command.add(tiny.toString());
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            zbar(command);
            stats.add(System.nanoTime() - start);
        }
        return stats;
    }

    private static void report(List<Tally> subjects, Optional<Tally> zbarBatch, Tally zbarEach, Stats startup) {
        List<List<String>> rows = new ArrayList<>();
        for (Tally t : subjects) {
            rows.add(row(t, Stats.millis(t.times.percentileMillis(50)), Stats.millis(t.times.percentileMillis(95))));
        }
        zbarBatch.ifPresent(batch -> {
            rows.add(row(batch, Stats.millis(batch.times.percentileMillis(50)) + " (mean)", "–"));
            rows.add(row(zbarEach, Stats.millis(zbarEach.times.percentileMillis(50)),
                    Stats.millis(zbarEach.times.percentileMillis(95))));
        });
        Stats.table(List.of("subject", "correct", "misread", "not found", "median ms", "p95 ms"), rows);
        if (zbarBatch.isPresent()) {
            System.out.printf("zbarimg start-up (1x1 picture, 30 runs): median %s ms. zbarimg batch: one process per "
                    + "rotation, its wall time divided evenly, so its median is that mean.%n",
                    Stats.millis(startup.percentileMillis(50)));
            if (!zbarBatch.get().verdicts.equals(zbarEach.verdicts)) {
                System.out.println("Note: zbarimg read differently per image than in one batch.");
            }
        } else {
            System.out.println("zbarimg not installed (apt-get install zbar-tools): its rows are left out.");
        }
        List<Tally> all = new ArrayList<>(subjects);
        zbarBatch.ifPresent(all::add);
        for (Tally t : all) {
            System.out.printf("%s misreads: %s%n%s not found: %s%n", t.name, t.with(Verdict.MISREAD), t.name,
                    t.with(Verdict.NOT_FOUND));
        }
        System.out.println();
    }

    private static List<String> row(Tally t, String median, String p95) {
        return List.of(t.name, t.count(Verdict.CORRECT) + " of " + t.verdicts.size(),
                Long.toString(t.count(Verdict.MISREAD)), Long.toString(t.count(Verdict.NOT_FOUND)), median, p95);
    }

    /**
     * A 640x480 grey frame of sensor-like noise around mid-grey, with and without a black-box QR photograph scaled to
     * 360 pixels high and placed off-centre, timed through {@link CameraFrame#luminance()} and the frame-budget
     * decoder, alternating frame kinds.
     */
    private static void cameraFrames(Path root, int repetitions) throws IOException {
        Random random = new Random(20261123);
        byte[] empty = new byte[FRAME_WIDTH * FRAME_HEIGHT];
        for (int i = 0; i < empty.length; i++) {
            empty[i] = (byte) Math.clamp(Math.round(128 + 12 * random.nextGaussian()), 0, 255);
        }
        BufferedImage frame = new BufferedImage(FRAME_WIDTH, FRAME_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        frame.getRaster().setDataElements(0, 0, FRAME_WIDTH, FRAME_HEIGHT, empty.clone());
        Path photo = root.resolve("qrcode-2/1.png");
        BufferedImage code = ImageIO.read(photo.toFile());
        int side = 360;
        int width = code.getWidth() * side / code.getHeight();
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(code, 200, 60, width, side, null);
        g.dispose();
        byte[] withCode = (byte[]) frame.getRaster().getDataElements(0, 0, FRAME_WIDTH, FRAME_HEIGHT, null);

        BarcodeDecoder decoder = BarcodeDecoder.allSymbologies(BarcodeDecoder.FRAME_BUDGET);
        Stats codeTimes = new Stats();
        Stats emptyTimes = new Stats();
        int codeReads = 0;
        int emptyReads = 0;
        for (int i = 0; i < repetitions; i++) {
            boolean codeFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isCode = (k == 0) == codeFirst;
                long start = System.nanoTime();
                DecodeResult result = switch (new CameraFrame(PixelFormat.GREY, FRAME_WIDTH, FRAME_HEIGHT, FRAME_WIDTH,
                        isCode ? withCode : empty).luminance()) {
                    case ScanOutcome.Ok<GreyImage> ok -> decoder.decode(ok.value(), Optional.empty());
                    case ScanOutcome.Failed<GreyImage> failed -> throw new IllegalStateException(failed.toString());
                };
                long nanos = System.nanoTime() - start;
                boolean read = result instanceof DecodeResult.Decoded;
                if (isCode) {
                    codeTimes.add(nanos);
                    codeReads += read ? 1 : 0;
                } else {
                    emptyTimes.add(nanos);
                    emptyReads += read ? 1 : 0;
                }
            }
        }
        System.out.printf("Camera frame 640x480 grey (code: %s scaled to %d px high on noise), %d frames each, "
                + "frame budget %d ms:%n%n", root.relativize(photo), side, repetitions,
                BarcodeDecoder.FRAME_BUDGET.toMillis());
        Stats.table(List.of("frame", "decoded", "median ms", "p95 ms"), List.of(
                List.of("with a code", codeReads + " of " + repetitions, Stats.millis(codeTimes.percentileMillis(50)),
                        Stats.millis(codeTimes.percentileMillis(95))),
                List.of("empty (noise)", emptyReads + " of " + repetitions,
                        Stats.millis(emptyTimes.percentileMillis(50)), Stats.millis(emptyTimes.percentileMillis(95)))));
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(png|jpe?g|gif|bmp)")).sorted().toList();
        }
    }

    private static Optional<Expected> expected(Path image) {
        String base = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        try {
            Path txt = image.resolveSibling(base + ".txt");
            if (Files.exists(txt)) {
                byte[] bytes = Files.readAllBytes(txt);
                return Optional.of(new Expected(new String(bytes, StandardCharsets.UTF_8), bytes, false));
            }
            Path bin = image.resolveSibling(base + ".bin");
            if (Files.exists(bin)) {
                byte[] bytes = Files.readAllBytes(bin);
                return Optional.of(new Expected(new String(bytes, StandardCharsets.ISO_8859_1), bytes, true));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean zbarPresent() {
        try {
            return new ProcessBuilder("zbarimg", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package org.doudi.provisioning.card;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.DecodeResult;
import org.doudi.scan.GreyImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Print-ready QR image of an issued card, with the serial printed under it for reading over the phone
 * or typing in when a scanner fails. Error correction M survives the scuffs and glare a card in a
 * wallet collects while keeping the code small; the four-module quiet zone is what the standard asks.
 * At 8 pixels a module and 600 dpi a version-11 code (61 modules plus quiet zone) prints about 23 mm
 * wide. Enrolment bundles are drawn the same way, with the device id as caption, and also as text for
 * a terminal.
 */
public final class CardQrCode {
    public static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;
    public static final int QUIET_ZONE_MODULES = 4;
    public static final int PIXELS_PER_MODULE = 8;
    public static final int DOTS_PER_INCH = 600;
    private static final double INCHES_PER_METRE = 0.0254;
    private static final String PNG_METADATA_FORMAT = "javax_imageio_png_1.0";

    private CardQrCode() {
    }

    /** The QR version (1–40) the text needs at error correction M. */
    public static int version(String text) {
        try {
            return Encoder.encode(text, ERROR_CORRECTION).getVersion().getVersionNumber();
        } catch (WriterException e) {
            throw new IllegalArgumentException("text does not fit in a QR code", e);
        }
    }

    /** Modules across the printed code, quiet zone included. */
    public static int modulesAcross(String text) {
        return 17 + 4 * version(text) + 2 * QUIET_ZONE_MODULES;
    }

    public static BufferedImage render(IssuedCard issued) {
        return render(issued.text(), issued.card().serial().value());
    }

    /** One QR module per matrix cell, quiet zone included; the encoder's mask pattern unless one is given. */
    private static BitMatrix matrix(String text, int side, Optional<Integer> mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ERROR_CORRECTION);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
        mask.ifPresent(m -> hints.put(EncodeHintType.QR_MASK_PATTERN, m));
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, side, side, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text does not fit in a QR code", e);
        }
    }

    /**
     * The code as text for a terminal: Unicode half blocks, two modules a character cell. Light modules are
     * drawn as glyphs and dark ones left as background, which is right on the usual light-on-dark terminal;
     * on a light background the code comes out inverted, which most phone readers still take.
     */
    public static String terminal(String text) {
        BitMatrix matrix = matrix(text, modulesAcross(text), Optional.empty());
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y += 2) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                boolean top = matrix.get(x, y);
                boolean bottom = y + 1 < matrix.getHeight() && matrix.get(x, y + 1);
                out.append(top ? (bottom ? ' ' : '\u2584') : (bottom ? '\u2580' : '\u2588'));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The code with a caption under it, e.g. a card's serial or a device's id. ZXing's reader misses some
     * clean, perfectly printed codes (2 cards in 400 here: its finder-pattern search is misled by the
     * data), so every rendering is read back with the devices' own decoder and, should it fail, drawn again
     * with the next mask pattern: no card leaves the office that a device cannot read.
     */
    public static BufferedImage render(String text, String caption) {
        List<Optional<Integer>> masks = new ArrayList<>();
        masks.add(Optional.empty());
        for (int mask = 0; mask < 8; mask++) {
            masks.add(Optional.of(mask));
        }
        for (Optional<Integer> mask : masks) {
            BufferedImage printed = render(text, caption, mask);
            if (readsBack(printed, text)) {
                return printed;
            }
        }
        throw new IllegalStateException("the device decoder reads none of the eight mask patterns of this code");
    }

    static boolean readsBack(BufferedImage printed, String text) {
        DecodeResult result = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET)
                .decode(GreyImage.of(new BufferedImageLuminanceSource(printed)));
        return result instanceof DecodeResult.Decoded decoded && decoded.code().text().equals(text);
    }

    static BufferedImage render(String text, String caption, Optional<Integer> mask) {
        int side = modulesAcross(text) * PIXELS_PER_MODULE;
        BufferedImage code = MatrixToImageWriter.toBufferedImage(matrix(text, side, mask));
        int captionHeight = 6 * PIXELS_PER_MODULE;
        BufferedImage printed = new BufferedImage(side, side + captionHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = printed.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, printed.getWidth(), printed.getHeight());
            g.drawImage(code, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 4 * PIXELS_PER_MODULE));
            FontMetrics metrics = g.getFontMetrics();
            // The serial gets its own strip below the quiet zone: text inside the margin can stop scanners finding the code.
            int x = Math.max(0, (side - metrics.stringWidth(caption)) / 2);
            g.drawString(caption, x, side + captionHeight - metrics.getDescent() - PIXELS_PER_MODULE);
        } finally {
            g.dispose();
        }
        return printed;
    }

    /** PNG bytes, tagged with the print resolution so layout tools place it at its real size. */
    public static byte[] png(IssuedCard issued) {
        return png(issued.text(), issued.card().serial().value());
    }

    /** PNG bytes of {@link #render(String, String)}, tagged with the print resolution. */
    public static byte[] png(String text, String caption) {
        BufferedImage image = render(text, caption);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromRenderedImage(image), writer.getDefaultWriteParam());
            setResolution(metadata);
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing a PNG to memory failed", e);
        } finally {
            writer.dispose();
        }
    }

    /** The PNG pHYs chunk directly: the JDK's standard-metadata route writes pixel sizes inverted. */
    private static void setResolution(IIOMetadata metadata) throws IIOInvalidTreeException {
        String pixelsPerMetre = Long.toString(Math.round(DOTS_PER_INCH / INCHES_PER_METRE));
        IIOMetadataNode physicalSize = new IIOMetadataNode("pHYs");
        physicalSize.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
        physicalSize.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
        physicalSize.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA_FORMAT);
        root.appendChild(physicalSize);
        metadata.mergeTree(PNG_METADATA_FORMAT, root);
    }
}

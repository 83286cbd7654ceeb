package org.doudi.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Reads a serial or USB-CDC barcode scanner (or any line-oriented byte stream) one read per line.
 *
 * <p>Memory stays bounded whatever the device sends: a line is buffered only up to {@code maxLineBytes}; beyond that
 * the rest of it is counted and discarded and the line is reported as {@link SerialRead.LineTooLong}.
 *
 * <p>Opening a path that is a character device (a tty such as {@code /dev/ttyACM0} or {@code /dev/ttyUSB0}) first
 * runs {@code stty -F <dev> <baud> raw -echo}: raw so the tty layer neither translates CR to LF nor waits for a
 * canonical line, no echo so nothing is sent back to the scanner. USB-CDC scanners ignore the baud rate; RS-232 ones
 * need it to match the scanner's setting (9600 is the usual factory default). Regular files and FIFOs are read as
 * they are, which is how tests and {@code mkfifo} bridges use it.
 */
public final class SerialLineReader implements AutoCloseable {
    /** Upper bound on the configurable line length; a read never needs more (see {@link ScanLimits}). */
    public static final int MAX_LINE_BYTES_LIMIT = 64 * 1024;

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final InputStream in;
    private final LineTerminator terminator;
    private final Charset charset;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line;

    public SerialLineReader(InputStream in, LineTerminator terminator, Charset charset, int maxLineBytes) {
        if (maxLineBytes < 1 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException("max line bytes must be 1.." + MAX_LINE_BYTES_LIMIT);
        }
        this.in = new BufferedInputStream(Objects.requireNonNull(in));
        this.terminator = Objects.requireNonNull(terminator);
        this.charset = Objects.requireNonNull(charset);
        this.maxLineBytes = maxLineBytes;
        this.line = new ByteArrayOutputStream(Math.min(maxLineBytes, 1024));
    }

    /** Opens {@code device}, configuring it with stty first when it is a character device. */
    public static SerialLineReader open(Path device, int baud, LineTerminator terminator, Charset charset,
                                        int maxLineBytes) throws IOException {
        if (isCharacterDevice(device)) {
            configureTty(device, baud);
        }
        return new SerialLineReader(Files.newInputStream(device), terminator, charset, maxLineBytes);
    }

    static boolean isCharacterDevice(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & S_IFMT) == S_IFCHR;
    }

    private static void configureTty(Path device, int baud) throws IOException {
        ProcessBuilder stty = new ProcessBuilder("stty", "-F", device.toString(), Integer.toString(baud), "raw",
                "-echo").redirectErrorStream(true);
        Process process = stty.start();
        try {
            String output = new String(process.getInputStream().readNBytes(4096), Charset.defaultCharset()).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("stty did not finish configuring " + device);
            }
            if (process.exitValue() != 0) {
                throw new IOException("stty could not configure " + device + " at " + baud + " baud: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while configuring " + device, e);
        }
        Logger.info("configured {} at {} baud, raw, no echo", device, baud);
    }

    /** Blocks until the next non-blank line or the end of input. */
    public SerialRead next() throws IOException {
        while (true) {
            Optional<SerialRead> read = readLine();
            if (read.isPresent()) {
                return read.get();
            }
        }
    }

    /** One line; empty when it was blank after removing control characters. */
    private Optional<SerialRead> readLine() throws IOException {
        line.reset();
        // One byte more than the limit when a CR may still turn out to be part of the terminator.
        int buffered = maxLineBytes + (terminator.dropsCarriageReturn() ? 1 : 0);
        long length = 0;
        int previous = -1;
        int b;
        while ((b = in.read()) != -1 && (byte) b != terminator.endByte()) {
            if (length < buffered) {
                line.write(b);
            }
            length++;
            previous = b;
        }
        if (b == -1 && length == 0) {
            return Optional.of(new SerialRead.EndOfInput());
        }
        if (terminator.dropsCarriageReturn() && b != -1 && previous == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            Logger.warn("scanner line of {} bytes skipped (limit {})", length, maxLineBytes);
            return Optional.of(new SerialRead.LineTooLong(length, maxLineBytes));
        }
        int kept = (int) length;
        byte[] bytes = line.toByteArray();
        String text;
        try {
            text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, kept))
                    .toString();
        } catch (CharacterCodingException e) {
            Logger.warn("scanner line of {} bytes is not valid {}", kept, charset);
            return Optional.of(new SerialRead.Undecodable(kept, charset));
        }
        String cleaned = KeyboardWedgeText.stripControls(text);
        if (cleaned.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (ScannedCode.of(Optional.empty(), cleaned)) {
            case ScanOutcome.Ok<ScannedCode> ok -> {
                Logger.debug("scanner read {}", ok.value().describeForLog());
                yield new SerialRead.Scan(ok.value());
            }
            case ScanOutcome.Failed<ScannedCode> failed -> new SerialRead.Refused(failed.error());
        });
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

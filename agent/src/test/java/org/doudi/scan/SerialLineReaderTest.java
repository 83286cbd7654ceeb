package org.doudi.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialLineReaderTest {
    private static final String ID = "11010519491231002X";

    @TempDir
    Path dir;

    @Test
    void splitsOnEachTerminatorKind() throws IOException {
        assertThat(texts(readAll("a\rSA1:x\r", LineTerminator.CR, StandardCharsets.UTF_8, 64)))
                .containsExactly("a", "SA1:x");
        assertThat(texts(readAll("a\nb\n", LineTerminator.LF, StandardCharsets.UTF_8, 64))).containsExactly("a", "b");
        assertThat(texts(readAll("a\r\nb\nc\r\n", LineTerminator.CRLF, StandardCharsets.UTF_8, 64)))
                .containsExactly("a", "b", "c");
        assertThat(texts(readAll("\u0002a\u0003\u0002b\u0003", LineTerminator.customByte(0x03),
                StandardCharsets.UTF_8, 64)))
                .as("STX is a control character and is stripped").containsExactly("a", "b");
    }

    @Test
    void classifiesEachLineAndSkipsBlankOnes() throws IOException {
        List<SerialRead> reads = readAll("\r\n" + ID + "\r\n\r\nDD26-7KQ2M9XH4P\r\n", LineTerminator.CRLF,
                StandardCharsets.UTF_8, 64);
        assertThat(reads).hasSize(3).last().isInstanceOf(SerialRead.EndOfInput.class);
        assertThat(((SerialRead.Scan) reads.get(0)).code().kind()).isEqualTo(ScanKind.RESIDENT_ID);
        assertThat(((SerialRead.Scan) reads.get(1)).code().kind()).isEqualTo(ScanKind.RECEIPT);
    }

    @Test
    void decodesGb18030AndRejectsBytesInvalidForTheCharset() throws IOException {
        byte[] gbk = "户主张三\n".getBytes(TextCharsets.GB18030);
        assertThat(texts(read(gbk, LineTerminator.LF, TextCharsets.GB18030, 64))).containsExactly("户主张三");
        assertThat(read(gbk, LineTerminator.LF, StandardCharsets.UTF_8, 64).get(0))
                .isEqualTo(new SerialRead.Undecodable(gbk.length - 1, StandardCharsets.UTF_8));
    }

    @Test
    void reportsAndSkipsOverLongLinesWithoutBufferingThem() throws IOException {
        String longLine = "9".repeat(100_000);
        List<SerialRead> reads = readAll(longLine + "\rok\r" + "x".repeat(17) + "\r", LineTerminator.CR,
                StandardCharsets.UTF_8, 16);
        assertThat(reads).containsExactly(new SerialRead.LineTooLong(100_000, 16),
                reads.get(1), new SerialRead.LineTooLong(17, 16), new SerialRead.EndOfInput());
        assertThat(texts(List.of(reads.get(1)))).containsExactly("ok");
        assertThat(texts(readAll("x".repeat(16) + "\r\n", LineTerminator.CRLF, StandardCharsets.UTF_8, 16)))
                .as("the CR of CRLF does not count against the limit").containsExactly("x".repeat(16));
        assertThat(readAll("x".repeat(17) + "\r\n", LineTerminator.CRLF, StandardCharsets.UTF_8, 16))
                .containsExactly(new SerialRead.LineTooLong(17, 16), new SerialRead.EndOfInput());
    }

    @Test
    void binaryGarbageYieldsOnlyTypedReads() throws IOException {
        byte[] garbage = new byte[20_000];
        new java.util.Random(7).nextBytes(garbage);
        for (Charset charset : List.of(StandardCharsets.UTF_8, TextCharsets.GB18030, StandardCharsets.ISO_8859_1)) {
            List<SerialRead> reads = read(garbage, LineTerminator.CR, charset, 256);
            assertThat(reads).last().isEqualTo(new SerialRead.EndOfInput());
            assertThat(reads).allSatisfy(r -> assertThat(r).isNotNull());
        }
    }

    @Test
    void readsARegularFileWithoutStty() throws IOException {
        Path file = dir.resolve("scanner.txt");
        Files.writeString(file, ID + "\r");
        assertThat(SerialLineReader.isCharacterDevice(file)).isFalse();
        try (SerialLineReader reader = SerialLineReader.open(file, 9600, LineTerminator.CR, StandardCharsets.UTF_8,
                64)) {
            assertThat(texts(List.of(reader.next()))).containsExactly(ID);
            assertThat(reader.next()).isEqualTo(new SerialRead.EndOfInput());
        }
    }

    @Test
    void readsAFifoAsAScannerWouldFeedIt() throws Exception {
        Path fifo = dir.resolve("scanner.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo not available: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        CompletableFuture<Void> scanner = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("SA1:first\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("DE1:second\r\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<SerialRead> reads = new ArrayList<>();
        try (SerialLineReader reader = SerialLineReader.open(fifo, 9600, LineTerminator.CRLF, StandardCharsets.UTF_8,
                64)) {
            SerialRead read;
            while (!((read = reader.next()) instanceof SerialRead.EndOfInput)) {
                reads.add(read);
            }
        }
        scanner.get(10, TimeUnit.SECONDS);
        assertThat(reads).extracting(r -> ((SerialRead.Scan) r).code().kind())
                .containsExactly(ScanKind.HOUSEHOLD_CARD, ScanKind.PROVISIONING_BUNDLE);
    }

    private static List<String> texts(List<SerialRead> reads) {
        return reads.stream().filter(r -> r instanceof SerialRead.Scan)
                .map(r -> ((SerialRead.Scan) r).code().text()).toList();
    }

    private static List<SerialRead> readAll(String data, LineTerminator end, Charset charset, int max)
            throws IOException {
        return read(data.getBytes(charset), end, charset, max);
    }

    static List<SerialRead> read(byte[] data, LineTerminator end, Charset charset, int max) throws IOException {
        List<SerialRead> reads = new ArrayList<>();
        try (SerialLineReader reader = new SerialLineReader(new ByteArrayInputStream(data), end, charset, max)) {
            SerialRead read;
            do {
                read = reader.next();
                reads.add(read);
            } while (!(read instanceof SerialRead.EndOfInput));
        }
        return reads;
    }

    @Test
    void terminatorNamesParse() {
        assertThat(LineTerminator.parse("CRLF")).contains(LineTerminator.CRLF);
        assertThat(LineTerminator.parse("0x03")).contains(LineTerminator.customByte(3));
        assertThat(LineTerminator.parse("tab")).isEmpty();
    }
}

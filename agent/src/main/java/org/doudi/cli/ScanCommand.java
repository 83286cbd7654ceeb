package org.doudi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.time.Clock;
import org.doudi.config.AgentConfig;
import org.doudi.logging.LogSetup;
import org.doudi.protocol.Json;
import org.doudi.scan.LineTerminator;
import org.doudi.scan.ScanLimits;
import org.doudi.scan.SerialLineReader;
import org.doudi.scan.SerialRead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Read a serial or USB-CDC barcode scanner and print each read as one JSON line "
                + "(classification, text, message; or error) until the device ends or Ctrl-C.",
            "A tty (/dev/ttyACM0, /dev/ttyUSB0) is first set with 'stty -F DEV BAUD raw -echo'; regular files and "
                + "FIFOs are read as they are."})
final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", required = true, paramLabel = "PATH", description = "Scanner device or file.")
    Path device;

    @Option(names = "--baud", defaultValue = "9600", paramLabel = "N",
            description = "Baud rate for a tty (default ${DEFAULT-VALUE}; USB-CDC scanners ignore it).")
    int baud;

    @Option(names = "--terminator", defaultValue = "cr", paramLabel = "cr|lf|crlf|0xNN",
            description = "What ends each read (default ${DEFAULT-VALUE}, most scanners' factory setting).")
    String terminator;

    @Option(names = "--charset", defaultValue = "UTF-8", paramLabel = "NAME",
            description = "Charset the scanner sends (default ${DEFAULT-VALUE}; GB18030 for GBK scanners).")
    String charset;

    @Option(names = "--max-line-bytes", defaultValue = "" + ScanLimits.MAX_TEXT_BYTES, paramLabel = "N",
            description = "Longer reads are reported and skipped (default ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Override
    public Integer call() {
        logWarningsToStderr();
        Optional<AgentConfig> config = ConfigOptions.resolveOrExplain(spec);
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        ScanVerification verification = ScanVerification.from(config.get(), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LineTerminator> end = LineTerminator.parse(terminator);
        if (end.isEmpty()) {
            err.println("doudi: unknown --terminator '" + terminator + "'; use cr, lf, crlf or a byte as 0xNN");
            return ExitCodes.USAGE;
        }
        Charset lineCharset;
        try {
            lineCharset = Charset.forName(charset);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            err.println("doudi: unknown --charset '" + charset + "'; e.g. UTF-8 or GB18030");
            return ExitCodes.USAGE;
        }
        if (maxLineBytes < 1 || maxLineBytes > SerialLineReader.MAX_LINE_BYTES_LIMIT) {
            err.println("doudi: --max-line-bytes must be 1.." + SerialLineReader.MAX_LINE_BYTES_LIMIT);
            return ExitCodes.USAGE;
        }
        try (SerialLineReader reader = SerialLineReader.open(device, baud, end.get(), lineCharset, maxLineBytes)) {
            while (true) {
                SerialRead read = reader.next();
                if (read instanceof SerialRead.EndOfInput) {
                    return ExitCodes.OK;
                }
                out.println(describe(read, verification));
                out.flush();
            }
        } catch (IOException e) {
            err.println("doudi: cannot read " + device + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private static ObjectNode describe(SerialRead read, ScanVerification verification) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (read) {
            case SerialRead.Scan scan -> {
                node.put("classification", scan.code().kind().name());
                node.put("text", scan.code().text());
                node.put("message", scan.code().kind().message());
                node.set("verification", verification.verify(scan.code()));
            }
            case SerialRead.LineTooLong tooLong -> {
                node.put("error", "line_too_long");
                node.put("message", "read of " + tooLong.bytes() + " bytes skipped; the limit is "
                        + tooLong.maxLineBytes());
            }
            case SerialRead.Undecodable undecodable -> {
                node.put("error", "undecodable");
                node.put("message", undecodable.bytes() + " bytes are not valid " + undecodable.charset()
                        + "; check --charset and --baud");
            }
            case SerialRead.Refused refused -> {
                node.put("error", DecodeCommand.errorName(refused.error()));
                node.put("message", refused.error().message());
            }
            case SerialRead.EndOfInput end -> node.put("error", "end_of_input");
        }
        return node;
    }

    /**
     * decode and scan need no agent configuration, so they do not use the agent's log files: warnings go to stderr,
     * keeping stdout for the JSON lines.
     */
    static void logWarningsToStderr() {
        LogSetup.toStderr("warn");
    }
}

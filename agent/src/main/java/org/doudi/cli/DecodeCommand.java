package org.doudi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.time.Clock;
import org.doudi.config.AgentConfig;
import java.util.concurrent.Callable;
import org.doudi.protocol.Json;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.DecodeResult;
import org.doudi.scan.ScanError;
import org.doudi.scan.ScannedCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode the QR, Data Matrix, PDF417 or Code 128 code in each image file and print one JSON "
                + "object per file: file, symbology, text, classification, message, elapsed_ms, verification "
                + "(ID numbers checked layer by layer; household cards against cards.trust-list); or file, error, "
                + "message, elapsed_ms.",
            "Exit status 0 when every file held a code, 1 otherwise."})
final class DecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "PNG, JPEG, GIF or BMP image(s), up to 40 MP.")
    List<Path> files;

    @Override
    public Integer call() {
        ScanCommand.logWarningsToStderr();
        Optional<AgentConfig> config = ConfigOptions.resolveOrExplain(spec);
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        ScanVerification verification = ScanVerification.from(config.get(), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        BarcodeDecoder decoder = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET);
        boolean allDecoded = true;
        for (Path file : files) {
            long start = System.nanoTime();
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("file", file.toString());
            DecodeResult result = decoder.decodeFile(file);
            switch (result) {
                case DecodeResult.Decoded decoded -> describe(node, decoded.code(), verification);
                case DecodeResult.NothingFound nothing -> {
                    node.put("error", "no_code_found");
                    node.put("message", nothing.budgetExhausted()
                            ? "no code found within the time budget" : "no code found");
                }
                case DecodeResult.Refused refused -> {
                    node.put("error", errorName(refused.error()));
                    node.put("message", refused.error().message());
                }
            }
            allDecoded &= result instanceof DecodeResult.Decoded;
            node.put("elapsed_ms", (System.nanoTime() - start) / 1_000_000);
            out.println(node);
        }
        out.flush();
        return allDecoded ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void describe(ObjectNode node, ScannedCode code, ScanVerification verification) {
        node.put("symbology", code.symbology().map(Enum::name).orElse(null));
        node.put("text", code.text());
        node.put("classification", code.kind().name());
        node.put("message", code.kind().message());
        node.set("verification", verification.verify(code));
    }

    /** {@code TextTooLong} becomes {@code text_too_long}: stable names for scripts. */
    static String errorName(ScanError error) {
        return error.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

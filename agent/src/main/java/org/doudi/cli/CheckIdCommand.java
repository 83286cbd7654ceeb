package org.doudi.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.doudi.identity.Explained;
import org.doudi.identity.IdCheck;
import org.doudi.identity.IdFacts;
import org.doudi.identity.IdNumber;
import org.doudi.identity.IdNumberValidator;
import org.doudi.identity.Normalisation;
import org.doudi.identity.Region;
import org.doudi.identity.Suggestion;
import org.doudi.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code doudi check-id}: explains identity numbers layer by layer. The terminal shows the numbers in full
 * (they are the user's own input); nothing is logged, so they never reach a log file.
 */
@Command(name = "check-id", mixinStandardHelpOptions = true,
        description = {"Check identity numbers (citizen, Hong Kong/Macao/Taiwan residence permit, foreign permanent "
                + "resident card): document type, birth date, address code, check character; derived facts and "
                + "one-tap fixes for typos.",
            "Exit code 0 if every number can be used (possibly with a warning for staff), 3 if any cannot."})
final class CheckIdCommand implements Callable<Integer> {
    private static final List<String> LAYER_NAMES =
            List.of("document type", "birth date", "address code", "check character");
    private static final List<String> LAYER_KEYS =
            List.of("document_type", "birth_date", "address", "check_character");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NUMBER", description = "Numbers to check, 18 or 15 characters each.")
    List<String> numbers;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IdNumberValidator validator = IdNumberValidator.withBundledRegions(Clock.systemDefaultZone());
        List<IdCheck> checks = numbers.stream().map(validator::check).toList();
        boolean allUsable = checks.stream().allMatch(IdCheck::usable);
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("all_usable", allUsable);
            ArrayNode results = root.putArray("results");
            for (int i = 0; i < checks.size(); i++) {
                results.add(toJson(numbers.get(i), checks.get(i)));
            }
            out.println(root.toString());
        } else {
            for (int i = 0; i < checks.size(); i++) {
                printText(out, numbers.get(i), checks.get(i));
            }
        }
        return allUsable ? ExitCodes.OK : ExitCodes.REJECTED_INPUT;
    }

    private static void printText(PrintWriter out, String typed, IdCheck check) {
        String shown = check.number().map(IdNumber::value).orElse("\"" + typed + "\"");
        out.printf("%s  %s  %s / %s%n", shown, check.verdict(), check.verdict().zh(), check.verdict().en());
        for (Normalisation note : check.normalisations()) {
            out.printf("  %s %-16s %s / %s%n", mark(note), "input", note.zh(), note.en());
        }
        List<Explained> layers = check.layers();
        for (int i = 0; i < layers.size(); i++) {
            Explained layer = layers.get(i);
            out.printf("  %s %-16s %s / %s%n", mark(layer), LAYER_NAMES.get(i), layer.zh(), layer.en());
        }
        check.facts().ifPresent(f -> out.printf("  = %-16s %s, %s %s, %d 岁 / age %d%s%n", "facts",
                f.birthDate(), f.sex().zh(), f.sex().en(), f.age(), f.age(),
                f.issuingRegion().map(r -> ", " + r.fullName()).orElse("")));
        if (!check.suggestions().isEmpty()) {
            out.println("  did you mean / 您是否要输入:");
            for (Suggestion s : check.suggestions()) {
                out.printf("    %s  %s / %s  (%s)%n", s.number().value(), s.edit().zh(), s.edit().en(), s.address().zh());
            }
        }
        out.println();
    }

    private static String mark(Explained result) {
        return switch (result.severity()) {
            case OK -> "✓";
            case NOTE -> "·";
            case WARNING -> "!";
            case REFUSAL -> "✗";
            case NOT_CHECKED -> "-";
        };
    }

    static ObjectNode toJson(String typed, IdCheck check) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("input", typed);
        check.number().ifPresentOrElse(n -> node.put("number", n.value()), () -> node.putNull("number"));
        node.set("verdict", explained(check.verdict()));
        ArrayNode notes = node.putArray("normalisations");
        check.normalisations().forEach(n -> notes.add(explained(n)));
        ObjectNode layers = node.putObject("layers");
        for (int i = 0; i < LAYER_KEYS.size(); i++) {
            layers.set(LAYER_KEYS.get(i), explained(check.layers().get(i)));
        }
        check.facts().ifPresentOrElse(f -> node.set("facts", facts(f)), () -> node.putNull("facts"));
        ArrayNode suggestions = node.putArray("suggestions");
        for (Suggestion s : check.suggestions()) {
            ObjectNode suggestion = suggestions.addObject();
            suggestion.put("number", s.number().value());
            suggestion.put("edit_zh", s.edit().zh());
            suggestion.put("edit_en", s.edit().en());
            suggestion.set("address", explained(s.address()));
        }
        return node;
    }

    private static ObjectNode explained(Explained result) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("code", result.code());
        node.put("severity", result.severity().name());
        node.put("zh", result.zh());
        node.put("en", result.en());
        return node;
    }

    private static ObjectNode facts(IdFacts facts) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("document_type", facts.documentType().name());
        node.put("birth_date", facts.birthDate().toString());
        node.put("sex", facts.sex().name());
        node.put("age", facts.age());
        facts.issuingRegion().ifPresentOrElse(r -> node.set("issuing_region", region(r)),
                () -> node.putNull("issuing_region"));
        return node;
    }

    private static ObjectNode region(Region region) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("code", region.code());
        node.put("name", region.fullName());
        node.put("in_use", region.years());
        return node;
    }
}

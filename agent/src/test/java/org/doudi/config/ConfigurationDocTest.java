package org.doudi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the operators' reference: every key the agent understands must be in it. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static String doc() throws Exception {
        if (!Files.isRegularFile(DOC)) {
            fail("docs/configuration.md does not exist (looked for " + DOC.toAbsolutePath().normalize()
                    + "); it must document every key in org.doudi.config.Settings");
        }
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }

    @Test
    void everySettingIsDocumentedWithItsEnvironmentVariableAndFlags() throws Exception {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + s.key() + "` |")).findFirst().orElse(null);
            if (row == null) {
                missing.add(s.key() + " (no table row)");
                continue;
            }
            if (!row.contains("`" + s.environmentVariable() + "`")) {
                missing.add(s.key() + " (environment variable " + s.environmentVariable() + ")");
            }
            for (String flag : s.flags()) {
                if (!row.contains("`" + flag + "`")) {
                    missing.add(s.key() + " (flag " + flag + ")");
                }
            }
            if (s != Settings.DATA_DIR && !s.defaultValue().isEmpty() && !row.contains("`" + s.defaultValue() + "`")) {
                missing.add(s.key() + " (default " + s.defaultValue() + ")");
            }
        }
        assertThat(missing).as("settings missing or outdated in docs/configuration.md").isEmpty();
    }

    @Test
    void theDocumentNamesNoKeyTheAgentDoesNotKnow() throws Exception {
        List<String> unknown = doc().lines()
                .filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3)))
                .filter(k -> !Settings.BY_KEY.containsKey(k))
                .toList();
        assertThat(unknown).as("keys documented but not in Settings").isEmpty();
    }
}

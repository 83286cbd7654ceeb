package org.doudi.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every county-level-and-above code used 1981–2024. Codes are re-used for different divisions over the
 * years, so a code alone does not name a place: look it up with the year that matters.
 */
public final class RegionHistory {
    static final String BUNDLED_RESOURCE = "mca_gbt2260_history_1981_2024.csv";

    private final Map<String, List<Region>> byCode;

    private RegionHistory(Map<String, List<Region>> byCode) {
        this.byCode = byCode;
    }

    /** The history shipped inside the agent; read once. */
    public static RegionHistory bundled() {
        return Bundled.HISTORY;
    }

    private static final class Bundled {
        static final RegionHistory HISTORY = loadBundled();

        private static RegionHistory loadBundled() {
            try (InputStream in = RegionHistory.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the agent was built without " + BUNDLED_RESOURCE);
                }
                return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled " + BUNDLED_RESOURCE, e);
            }
        }
    }

    /** Reads the areacodes {@code result.csv} shape: code, province, prefecture, name, level, status, first, end, successors. */
    public static RegionHistory parse(Reader csv) throws IOException {
        Map<String, List<Region>> byCode = new HashMap<>();
        BufferedReader lines = new BufferedReader(csv);
        lines.readLine(); // header
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 8) {
                throw new IOException("region history line has " + f.length + " fields, expected 9: " + line);
            }
            Region region;
            try {
                OptionalInt end = f[7].isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(f[7]));
                region = new Region(f[0], f[3], f[1], f[2], Integer.parseInt(f[6]), end);
            } catch (NumberFormatException e) {
                throw new IOException("region history line has a year that is not a number: " + line, e);
            }
            byCode.computeIfAbsent(region.code(), c -> new ArrayList<>()).add(region);
        }
        byCode.values().forEach(rows -> rows.sort(Comparator.comparingInt(Region::firstYear)));
        byCode.replaceAll((code, rows) -> List.copyOf(rows));
        return new RegionHistory(Map.copyOf(byCode));
    }

    public boolean knows(String code) {
        return byCode.containsKey(code);
    }

    /** All meanings the code has had, oldest first. */
    public List<Region> meanings(String code) {
        return byCode.getOrDefault(code, List.of());
    }

    /**
     * The division a number's code names for someone born in {@code year}: the one in use that year, or the
     * first to come into use after it (ID numbers were mostly issued from 1984, long after older people's
     * birth). Empty if the code is unknown or all its meanings ended before that year.
     */
    public Optional<Region> forBirthYear(String code, int year) {
        List<Region> rows = meanings(code);
        return rows.stream().filter(r -> r.inUseIn(year)).findFirst()
                .or(() -> rows.stream().filter(r -> r.firstYear() > year).findFirst());
    }

    /** The most recent meaning of the code. */
    public Optional<Region> latest(String code) {
        List<Region> rows = meanings(code);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1));
    }
}

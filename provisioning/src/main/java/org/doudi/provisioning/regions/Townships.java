package org.doudi.provisioning.regions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.doudi.credential.TownshipCode;

/**
 * The NBS 2023 townships (乡镇/街道) with the names of their county, prefecture and province, so that
 * a technician sees "东华门街道, 东城区, 北京市" before a device is bound to a code for good. Loaded from
 * the module's resources (README.md there names the source and licence).
 */
public final class Townships {
    private static final String RESOURCES = "/org/doudi/provisioning/regions/";
    /** Prefecture names the NBS uses for "no prefecture here"; showing them would only add noise. */
    private static final Set<String> PSEUDO_PREFECTURES = Set.of("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划");
    private static final int SUGGESTIONS = 5;

    /** A known township and where it is. */
    public record Township(String code, String name, String county, Optional<String> prefecture, String province) {
        /** Township, county, prefecture (when a real one), province: as a technician reads an address backwards. */
        public String displayName() {
            return name + ", " + county + prefecture.map(p -> ", " + p).orElse("") + ", " + province;
        }
    }

    private final TreeMap<String, Township> byCode;

    private Townships(TreeMap<String, Township> byCode) {
        this.byCode = byCode;
    }

    /** The bundled NBS 2023 list; about 41,000 townships, read in well under a second. */
    public static Townships nbs2023() {
        Map<String, String> provinces = new HashMap<>();
        Map<String, String> prefectures = new HashMap<>();
        Map<String, String> counties = new HashMap<>();
        read("nbs2023_provinces.csv", false, row -> provinces.put(row[0], row[1]));
        read("nbs2023_cities.csv", false, row -> prefectures.put(row[0], row[1]));
        read("nbs2023_areas.csv", false, row -> counties.put(row[0], row[1]));
        TreeMap<String, Township> townships = new TreeMap<>();
        // streets: code,name,areaCode,provinceCode,cityCode
        read("nbs2023_streets.csv.gz", true, row -> townships.put(row[0], new Township(row[0], row[1],
                counties.getOrDefault(row[2], row[2]),
                Optional.ofNullable(prefectures.get(row[4])).filter(p -> !PSEUDO_PREFECTURES.contains(p)),
                provinces.getOrDefault(row[3], row[3]))));
        return new Townships(townships);
    }

    /**
     * The township a code names. A 12-digit code is the 9-digit one padded with {@code 000}; other
     * 12-digit codes name villages, which a device does not serve.
     */
    public Optional<Township> find(TownshipCode code) {
        return Optional.ofNullable(byCode.get(nineDigits(code)));
    }

    /** Known townships of the same county (the first six digits), nearest code first: likely what a typo meant. */
    public List<Township> closest(TownshipCode code) {
        String digits = nineDigits(code);
        String county = digits.substring(0, 6);
        long wanted = Long.parseLong(digits);
        return byCode.subMap(county + "000", true, county + "999", true).values().stream()
                .sorted((a, b) -> Long.compare(Math.abs(Long.parseLong(a.code()) - wanted),
                        Math.abs(Long.parseLong(b.code()) - wanted)))
                .limit(SUGGESTIONS)
                .toList();
    }

    private static String nineDigits(TownshipCode code) {
        String digits = code.digits();
        return digits.length() == 12 && digits.endsWith("000") ? digits.substring(0, 9) : digits;
    }

    private static void read(String resource, boolean gzipped, Consumer<String[]> row) {
        try (InputStream raw = Townships.class.getResourceAsStream(RESOURCES + resource)) {
            if (raw == null) {
                throw new IllegalStateException("the build lost the resource " + resource);
            }
            InputStream in = gzipped ? new GZIPInputStream(raw) : raw;
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            lines.readLine(); // the header
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                // No name in these files contains a comma; the quotes around names are the only quoting.
                String[] fields = line.replace("\"", "").split(",");
                row.accept(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled resource " + resource, e);
        }
    }
}

package org.doudi.identity;

import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One row of the GB/T 2260 history: a code meaning one division from {@code firstYear} (inclusive) until
 * {@code endYear} (exclusive; empty while still in use).
 */
public record Region(String code, String name, String province, String prefecture, int firstYear, OptionalInt endYear) {

    public boolean inUseIn(int year) {
        return firstYear <= year && (endYear.isEmpty() || year < endYear.getAsInt());
    }

    /** Province, prefecture and county, without repeats or the "直辖" placeholder: 广东省汕头市金平区. */
    public String fullName() {
        Set<String> parts = new LinkedHashSet<>();
        for (String part : new String[] {province, prefecture, name}) {
            if (!part.isEmpty() && !part.equals("直辖")) {
                parts.add(part);
            }
        }
        return String.join("", parts);
    }

    /** "1981–2009" or "2003–": the years written on the office's table, last year inclusive. */
    public String years() {
        return firstYear + "–" + (endYear.isPresent() ? String.valueOf(endYear.getAsInt() - 1) : "");
    }
}

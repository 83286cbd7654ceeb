package org.doudi.record;

import java.util.List;

/**
 * A payload that does not match its schema. Carries field paths and rule names only — never the
 * offending values, which may be an ID number or a name.
 */
public final class PayloadRejected extends Exception {
    private final List<Violation> violations;

    public record Violation(String field, String problem) {
        @Override
        public String toString() {
            return field + ": " + problem;
        }
    }

    public PayloadRejected(String schemaId, List<Violation> violations) {
        super(schemaId + " payload refused — " + String.join("; ", violations.stream().map(Violation::toString).toList()));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}

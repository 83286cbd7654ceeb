package org.doudi.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever is typed or scanned, {@link IdNumberValidator#check} answers with a typed result and never throws.
 * In the normal test run the seeds under {@code IdNumberValidatorFuzzTestInputs/} replay as a regression
 * test; to fuzz for real (coverage-guided, 10 minutes):
 * {@code JAZZER_FUZZ=1 ./mvnw -pl agent test -Dtest=IdNumberValidatorFuzzTest}.
 */
class IdNumberValidatorFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void checkNeverThrows(byte[] input) {
        String typed = new String(input, StandardCharsets.UTF_8);

        IdCheck check = IdNumbers.VALIDATOR.check(typed);

        assertThat(check.layers()).hasSize(4).doesNotContainNull();
        assertThat(check.usable()).isEqualTo(check.facts().isPresent());
        check.number().ifPresent(number -> assertThat(check.toString()).doesNotContain(number.value()));
        for (Suggestion suggestion : check.suggestions()) {
            assertThat(IdNumbers.VALIDATOR.check(suggestion.number().value()).usable()).isTrue();
        }
    }
}

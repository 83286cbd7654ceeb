package org.doudi.identity;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What a valid number says about its holder. {@code issuingRegion} is the county named by the address code
 * in the birth year (or the province of a foreign permanent resident card); empty for residence permits and
 * codes the history does not know.
 */
public record IdFacts(DocumentType documentType, LocalDate birthDate, Sex sex, int age, Optional<Region> issuingRegion) {

    /** Birth date and region with the masked number's ends would rebuild the number, so they stay out of logs. */
    @Override
    public String toString() {
        return "IdFacts[" + documentType + ", " + sex + ", age " + age + "]";
    }
}

package org.doudi.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one typed number: the normalised number (when it could be read), what was
 * tidied on the way, each layer's result, facts about the holder when valid, and typo fixes when only
 * the check character failed.
 */
public record IdCheck(
        Optional<IdNumber> number,
        List<Normalisation> normalisations,
        DocumentTypeResult documentType,
        BirthDateResult birthDate,
        AddressResult address,
        CheckCharacterResult checkCharacter,
        Optional<IdFacts> facts,
        List<Suggestion> suggestions) {

    public IdCheck {
        normalisations = List.copyOf(normalisations);
        suggestions = List.copyOf(suggestions);
    }

    /** The four layers in the order they are explained to people. */
    public List<Explained> layers() {
        return List.of(documentType, birthDate, address, checkCharacter);
    }

    public Verdict verdict() {
        Severity worst = layers().stream().map(Explained::severity).max(Comparator.naturalOrder()).orElseThrow();
        return switch (worst) {
            case OK, NOTE -> Verdict.VALID;
            case WARNING -> Verdict.VALID_WITH_WARNING;
            case REFUSAL, NOT_CHECKED -> Verdict.INVALID;
        };
    }

    public boolean usable() {
        return verdict() != Verdict.INVALID;
    }

    /** Only the masked number and the verdict: the rest could rebuild the number. */
    @Override
    public String toString() {
        return "IdCheck[" + number.map(IdNumber::masked).orElse("unreadable") + ", " + verdict() + "]";
    }
}

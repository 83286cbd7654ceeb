package org.doudi.identity;

/** A number one typing mistake away from what was typed that passes every layer. */
public record Suggestion(IdNumber number, Edit edit, AddressResult address) {

    /** The mistake the suggestion undoes; positions count from 1 as people do. */
    public sealed interface Edit permits Substitution, AdjacentSwap {
        String zh();

        String en();
    }

    public record Substitution(int position, char typed, char replacement) implements Edit {
        @Override
        public String zh() {
            return "第 " + position + " 位 " + typed + " 改为 " + replacement;
        }

        @Override
        public String en() {
            return "character " + position + ": " + typed + " → " + replacement;
        }
    }

    /** Characters {@code position} and {@code position + 1} were typed the wrong way round. */
    public record AdjacentSwap(int position) implements Edit {
        @Override
        public String zh() {
            return "第 " + position + "、" + (position + 1) + " 位对调";
        }

        @Override
        public String en() {
            return "characters " + position + " and " + (position + 1) + " swapped";
        }
    }
}

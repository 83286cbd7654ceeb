package org.doudi.identity;

/** One sentence for the person in front of the screen, in Chinese and in English. */
public record Wording(String zh, String en) {
}

package org.doudi.scan;

import java.util.Optional;

/**
 * Accepts a code from a stream of frames only when two consecutive decoded frames agree, so one frame caught
 * mid-movement or half-covered by a hand is never acted on. Frames with no code in between reset nothing: a person
 * moving a card through the view often loses it for a frame. After accepting, the same code is not accepted again
 * until something else (or nothing, for {@code forgetAfterEmptyFrames} frames) has been seen, so a card held still
 * is reported once. Not thread-safe: one per stream.
 */
public final class StableReads {
    private final int forgetAfterEmptyFrames;
    private Optional<ScannedCode> previous = Optional.empty();
    private Optional<ScannedCode> lastAccepted = Optional.empty();
    private int emptyFrames;

    public StableReads(int forgetAfterEmptyFrames) {
        this.forgetAfterEmptyFrames = forgetAfterEmptyFrames;
    }

    /** Feeds one frame's result; returns the code when this frame makes it stable and new. */
    public Optional<ScannedCode> offer(DecodeResult frameResult) {
        if (!(frameResult instanceof DecodeResult.Decoded decoded)) {
            if (++emptyFrames >= forgetAfterEmptyFrames) {
                previous = Optional.empty();
                lastAccepted = Optional.empty();
            }
            return Optional.empty();
        }
        emptyFrames = 0;
        ScannedCode code = decoded.code();
        boolean confirmed = previous.filter(code::equals).isPresent();
        previous = Optional.of(code);
        if (!confirmed || lastAccepted.filter(code::equals).isPresent()) {
            return Optional.empty();
        }
        lastAccepted = Optional.of(code);
        return lastAccepted;
    }
}

package org.doudi.scan;

/** The rectangle of a camera frame the UI asks people to hold the code in, in frame pixels. */
public record Viewfinder(int left, int top, int width, int height) {
    public Viewfinder {
        if (left < 0 || top < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("viewfinder must have a non-negative origin and a positive size");
        }
    }

    /** The centred square covering {@code fraction} of the shorter side, as kiosk UIs draw it. */
    public static Viewfinder centredSquare(int frameWidth, int frameHeight, double fraction) {
        int side = (int) Math.max(1, Math.min(frameWidth, frameHeight) * fraction);
        return new Viewfinder((frameWidth - side) / 2, (frameHeight - side) / 2, side, side);
    }

    boolean fitsIn(int frameWidth, int frameHeight) {
        return (long) left + width <= frameWidth && (long) top + height <= frameHeight;
    }
}

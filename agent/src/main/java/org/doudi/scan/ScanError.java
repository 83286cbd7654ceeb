package org.doudi.scan;

/** Why an input was refused before or after decoding; {@link #message()} is safe to log and show. */
public sealed interface ScanError {
    String message();

    /** The file could not be opened or read. */
    record CannotRead(String detail) implements ScanError {
        @Override
        public String message() {
            return "cannot read the file: " + detail;
        }
    }

    /** The bytes are not an image format this JDK can read (PNG, JPEG, GIF, BMP, WBMP, TIFF). */
    record NotAnImage(String detail) implements ScanError {
        @Override
        public String message() {
            return "not a supported image: " + detail;
        }
    }

    record ImageTooLarge(long pixels, long maxPixels) implements ScanError {
        @Override
        public String message() {
            return "image has " + pixels + " pixels; the limit is " + maxPixels;
        }
    }

    /** A camera frame whose size, stride or buffer length do not agree. */
    record InvalidFrame(String detail) implements ScanError {
        @Override
        public String message() {
            return "invalid camera frame: " + detail;
        }
    }

    record TextTooLong(int bytes, int maxBytes) implements ScanError {
        @Override
        public String message() {
            return "read is " + bytes + " bytes; the limit is " + maxBytes;
        }
    }
}

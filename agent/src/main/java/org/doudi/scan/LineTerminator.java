package org.doudi.scan;

import java.util.Locale;
import java.util.Optional;

/**
 * How a serial scanner ends each read. {@code CRLF} ends lines at LF and drops the CR before it, so a scanner set to
 * CRLF that occasionally sends only LF still works.
 *
 * @param endByte               the byte that ends a line
 * @param dropsCarriageReturn   whether a CR right before {@code endByte} belongs to the terminator
 */
public record LineTerminator(byte endByte, boolean dropsCarriageReturn) {
    public static final LineTerminator CR = new LineTerminator((byte) '\r', false);
    public static final LineTerminator LF = new LineTerminator((byte) '\n', false);
    public static final LineTerminator CRLF = new LineTerminator((byte) '\n', true);

    public static LineTerminator customByte(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("terminator byte must be 0..255");
        }
        return new LineTerminator((byte) value, false);
    }

    /** {@code cr}, {@code lf}, {@code crlf}, or one byte as {@code 0xNN} (e.g. {@code 0x03} for ETX). */
    public static Optional<LineTerminator> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "cr" -> Optional.of(CR);
            case "lf" -> Optional.of(LF);
            case "crlf" -> Optional.of(CRLF);
            default -> {
                if (n.matches("0x[0-9a-f]{1,2}")) {
                    yield Optional.of(customByte(Integer.parseInt(n.substring(2), 16)));
                }
                yield Optional.empty();
            }
        };
    }
}

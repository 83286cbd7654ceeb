package org.doudi.command;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.doudi.record.SealedPayload;
import org.doudi.record.SeqRange;

/** What a command asks of a device; the wire name is the command's {@code type}. */
public sealed interface CommandAction {
    String wireName();

    /** Put the records of this seq range that the device still holds back in the queue. */
    record Resend(SeqRange range) implements CommandAction {
        public static final String TYPE = "resend";

        @Override
        public String wireName() {
            return TYPE;
        }
    }

    /** New values for configuration keys, applied at the next start; sorted so the signed bytes have one form. */
    record ConfigUpdate(SortedMap<String, String> values) implements CommandAction {
        public static final String TYPE = "config";

        public ConfigUpdate {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a config command sets at least one key");
            }
            values = new TreeMap<>(values);
        }

        public static ConfigUpdate of(Map<String, String> values) {
            return new ConfigUpdate(new TreeMap<>(values));
        }

        @Override
        public SortedMap<String, String> values() {
            return new TreeMap<>(values);
        }

        @Override
        public String wireName() {
            return TYPE;
        }
    }

    /**
     * New broker credentials ({@link BrokerCredentials}), sealed to the device's own sealing key and bound
     * to the command: the password never travels, nor is signed, in the clear.
     */
    record RotateCredentials(SealedPayload credentials) implements CommandAction {
        public static final String TYPE = "rotate-credentials";

        @Override
        public String wireName() {
            return TYPE;
        }
    }

    /** Decommission: destroy the keys and the data, as {@code ./doudi wipe} does. */
    record Wipe() implements CommandAction {
        public static final String TYPE = "wipe";

        @Override
        public String wireName() {
            return TYPE;
        }
    }
}

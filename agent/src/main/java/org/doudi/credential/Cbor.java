package org.doudi.credential;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORInteger;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORLong;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of the CBOR we sign: the library decodes, this only checks shapes and types, and
 * turns every surprise into a {@link MalformedException} with a fixed reason. Public for the enrolment
 * bundle, which is signed CBOR too.
 */
public final class Cbor {
    private Cbor() {
    }

    /** Exactly one CBOR item; trailing bytes would be unsigned data riding along. */
    public static CBORItem decodeSingle(byte[] bytes) throws MalformedException {
        try {
            CBORDecoder decoder = new CBORDecoder(bytes);
            CBORItem item = decoder.next();
            if (item == null) {
                throw new MalformedException("empty CBOR");
            }
            if (decoder.next() != null) {
                throw new MalformedException("bytes after the CBOR item");
            }
            return item;
        } catch (MalformedException e) {
            throw e;
        } catch (Exception e) {
            // The decoder throws IOExceptions and, on some hostile input, runtime exceptions.
            throw new MalformedException("not CBOR");
        } catch (StackOverflowError e) {
            // The decoder recurses once per nesting level, and a 4 MiB list can nest four million deep.
            // It holds no state beyond what it allocated for this input, so unwinding is a clean refusal.
            throw new MalformedException("CBOR nested too deeply");
        }
    }

    /** A map whose keys are integers from {@code allowedKeys}, each at most once. */
    public static Map<Integer, CBORItem> intKeyedMap(CBORItem item, Set<Integer> allowedKeys, String what)
            throws MalformedException {
        if (!(item instanceof CBORPairList pairs)) {
            throw new MalformedException(what + " is not a map");
        }
        Map<Integer, CBORItem> map = new HashMap<>();
        for (CBORPair pair : pairs.getPairs()) {
            if (!(pair.getKey() instanceof CBORInteger key) || !allowedKeys.contains(key.getValue())) {
                throw new MalformedException(what + " has an unknown key");
            }
            if (map.put(key.getValue(), pair.getValue()) != null) {
                throw new MalformedException(what + " has a duplicate key");
            }
        }
        return map;
    }

    public static CBORItem required(Map<Integer, CBORItem> map, int key, String what) throws MalformedException {
        CBORItem item = map.get(key);
        if (item == null) {
            throw new MalformedException(what + " is missing");
        }
        return item;
    }

    public static long integer(CBORItem item, String what) throws MalformedException {
        if (item instanceof CBORInteger i) {
            return i.getValue();
        }
        if (item instanceof CBORLong l) {
            return l.getValue();
        }
        throw new MalformedException(what + " is not an integer");
    }

    public static long nonNegative(CBORItem item, String what) throws MalformedException {
        long value = integer(item, what);
        if (value < 0) {
            throw new MalformedException(what + " is negative");
        }
        return value;
    }

    public static String text(CBORItem item, String what) throws MalformedException {
        if (item instanceof CBORString s && s.getValue() != null) {
            return s.getValue();
        }
        throw new MalformedException(what + " is not text");
    }

    public static byte[] bytes(CBORItem item, String what) throws MalformedException {
        if (item instanceof CBORByteArray b && b.getValue() != null) {
            return b.getValue();
        }
        throw new MalformedException(what + " is not a byte string");
    }

    public static List<? extends CBORItem> array(CBORItem item, String what) throws MalformedException {
        if (item instanceof CBORItemList list) {
            List<? extends CBORItem> items = list.getItems();
            if (items != null) {
                return items;
            }
        }
        throw new MalformedException(what + " is not an array");
    }

    /** Seconds since the epoch as an {@link Instant}, refusing what {@code Instant} cannot hold. */
    public static Instant epochSeconds(CBORItem item, String what) throws MalformedException {
        long seconds = nonNegative(item, what);
        if (seconds > Instant.MAX.getEpochSecond()) {
            throw new MalformedException(what + " is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }
}

package org.doudi.record;

import java.util.Arrays;
import java.util.Objects;
import org.doudi.credential.KeyId;

/** The device's signature over an envelope, and the id of the device key that made it. */
public record DeviceSignature(KeyId keyId, byte[] value) {
    public DeviceSignature {
        Objects.requireNonNull(keyId, "keyId");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceSignature s && keyId.equals(s.keyId) && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "DeviceSignature[" + keyId.value() + "]";
    }
}

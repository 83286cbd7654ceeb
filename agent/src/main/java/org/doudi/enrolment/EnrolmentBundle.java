package org.doudi.enrolment;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORPairsBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.doudi.credential.Cbor;
import org.doudi.credential.MalformedException;
import org.doudi.record.DeviceIdentity;

/**
 * Everything a bare device needs to become one of the office's devices, signed by the office's
 * provisioning key: who it is, where its broker is and how to log in, which keys to trust, and the
 * kiosk's settings. Keys travel as DER SubjectPublicKeyInfo and the broker CA as DER certificates, so
 * the device writes them out as PEM without interpreting more than it must. The claim keys are in
 * docs/provisioning.md; a key is never reused for another meaning.
 *
 * @param enrolmentId 16 random bytes in hex: the bundle's single-use nonce, which the centre accepts once
 * @param brokerCaCertificates empty when the broker's certificate chains to a public root (or no TLS)
 */
public record EnrolmentBundle(String enrolmentId, Instant issuedAt, Instant expiresAt, DeviceIdentity device,
        DeviceRole role, List<String> brokerUrls, String brokerUsername, String brokerPassword,
        List<byte[]> brokerCaCertificates, byte[] cardsRootKey, byte[] commandKey, byte[] sealingKey,
        byte[] provisioningKey, KioskSettings kiosk) {
    public static final int FORMAT_VERSION = 1;
    public static final int ENROLMENT_ID_BYTES = 16;

    static final int VERSION = 1;
    static final int ENROLMENT_ID = 2;
    static final int ISSUED_AT = 3;
    static final int EXPIRES_AT = 4;
    static final int DEVICE_ID = 5;
    static final int TOWNSHIP = 6;
    static final int ROLE = 7;
    static final int BROKER_URLS = 8;
    static final int BROKER_USERNAME = 9;
    static final int BROKER_PASSWORD = 10;
    static final int BROKER_CA = 11;
    static final int CARDS_ROOT_KEY = 12;
    static final int COMMAND_KEY = 13;
    static final int SEALING_KEY = 14;
    static final int PROVISIONING_KEY = 15;
    static final int LANGUAGES = 16;
    static final int SESSION_TIMEOUT = 17;
    static final int ASSISTANCE_TYPES = 18;
    private static final Set<Integer> KNOWN = Set.of(VERSION, ENROLMENT_ID, ISSUED_AT, EXPIRES_AT, DEVICE_ID, TOWNSHIP,
            ROLE, BROKER_URLS, BROKER_USERNAME, BROKER_PASSWORD, BROKER_CA, CARDS_ROOT_KEY, COMMAND_KEY, SEALING_KEY,
            PROVISIONING_KEY, LANGUAGES, SESSION_TIMEOUT, ASSISTANCE_TYPES);

    /** What the kiosk's screens need from the office; the agent writes it to kiosk.properties for the kiosk UI. */
    public record KioskSettings(List<String> languages, Duration sessionTimeout, List<String> assistanceTypes) {
        public KioskSettings {
            languages = List.copyOf(languages);
            assistanceTypes = List.copyOf(assistanceTypes);
            if (languages.isEmpty() || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
                throw new IllegalArgumentException("a kiosk needs at least one language and a positive session timeout");
            }
        }
    }

    public EnrolmentBundle {
        Objects.requireNonNull(enrolmentId, "enrolmentId");
        if (!enrolmentId.matches("[0-9a-f]{" + 2 * ENROLMENT_ID_BYTES + "}")) {
            throw new IllegalArgumentException("an enrolment id is " + ENROLMENT_ID_BYTES + " bytes in lower-case hex");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a bundle expires after it is issued");
        }
        brokerUrls = List.copyOf(brokerUrls);
        if (brokerUrls.isEmpty()) {
            throw new IllegalArgumentException("a bundle names at least one broker URL");
        }
        brokerCaCertificates = List.copyOf(brokerCaCertificates);
        Objects.requireNonNull(brokerUsername, "brokerUsername");
        Objects.requireNonNull(brokerPassword, "brokerPassword");
        Objects.requireNonNull(kiosk, "kiosk");
    }

    /** The CBOR claims map the bundle's COSE_Sign1 carries. */
    public byte[] encode() {
        CBORPairsBuilder claims = new CBORPairsBuilder()
                .add(VERSION, FORMAT_VERSION)
                .add(ENROLMENT_ID, HexFormat.of().parseHex(enrolmentId))
                .add(ISSUED_AT, issuedAt.getEpochSecond())
                .add(EXPIRES_AT, expiresAt.getEpochSecond())
                .add(DEVICE_ID, device.deviceId())
                .add(TOWNSHIP, device.township())
                .add(ROLE, role.wireName())
                .add(BROKER_URLS, brokerUrls)
                .add(BROKER_USERNAME, brokerUsername)
                .add(BROKER_PASSWORD, brokerPassword)
                .add(CARDS_ROOT_KEY, cardsRootKey)
                .add(COMMAND_KEY, commandKey)
                .add(SEALING_KEY, sealingKey)
                .add(PROVISIONING_KEY, provisioningKey)
                .add(LANGUAGES, kiosk.languages())
                .add(SESSION_TIMEOUT, kiosk.sessionTimeout().toSeconds())
                .add(ASSISTANCE_TYPES, kiosk.assistanceTypes());
        if (!brokerCaCertificates.isEmpty()) {
            claims.add(BROKER_CA, new CBORItemList(brokerCaCertificates.stream().map(CBORByteArray::new).toList()));
        }
        return new CBORPairList(claims.build()).encode();
    }

    static EnrolmentBundle decode(byte[] payload) throws MalformedException {
        Map<Integer, CBORItem> claims = Cbor.intKeyedMap(Cbor.decodeSingle(payload), KNOWN, "claims");
        if (Cbor.integer(Cbor.required(claims, VERSION, "format version"), "format version") != FORMAT_VERSION) {
            throw new MalformedException("unsupported bundle format version");
        }
        byte[] enrolmentId = Cbor.bytes(Cbor.required(claims, ENROLMENT_ID, "enrolment id"), "enrolment id");
        if (enrolmentId.length != ENROLMENT_ID_BYTES) {
            throw new MalformedException("enrolment id has the wrong length");
        }
        List<byte[]> caCertificates = new ArrayList<>();
        if (claims.containsKey(BROKER_CA)) {
            for (CBORItem certificate : Cbor.array(claims.get(BROKER_CA), "broker CA")) {
                caCertificates.add(Cbor.bytes(certificate, "broker CA certificate"));
            }
        }
        try {
            return new EnrolmentBundle(HexFormat.of().formatHex(enrolmentId),
                    Cbor.epochSeconds(Cbor.required(claims, ISSUED_AT, "issued-at"), "issued-at"),
                    Cbor.epochSeconds(Cbor.required(claims, EXPIRES_AT, "expiry"), "expiry"),
                    new DeviceIdentity(text(claims, DEVICE_ID, "device id"), text(claims, TOWNSHIP, "township")),
                    DeviceRole.fromWireName(text(claims, ROLE, "role"))
                            .orElseThrow(() -> new MalformedException("unknown device role")),
                    texts(claims, BROKER_URLS, "broker URLs"),
                    text(claims, BROKER_USERNAME, "broker username"),
                    text(claims, BROKER_PASSWORD, "broker password"),
                    caCertificates,
                    bytes(claims, CARDS_ROOT_KEY, "cards root key"),
                    bytes(claims, COMMAND_KEY, "command key"),
                    bytes(claims, SEALING_KEY, "sealing key"),
                    bytes(claims, PROVISIONING_KEY, "provisioning key"),
                    new KioskSettings(texts(claims, LANGUAGES, "languages"),
                            Duration.ofSeconds(Cbor.nonNegative(Cbor.required(claims, SESSION_TIMEOUT, "session timeout"),
                                    "session timeout")),
                            texts(claims, ASSISTANCE_TYPES, "assistance types")));
        } catch (IllegalArgumentException e) {
            // The record's own rules (id shapes, dates in order, a broker named) apply to bundles read back too.
            throw new MalformedException("claims break the bundle rules");
        }
    }

    private static String text(Map<Integer, CBORItem> claims, int key, String what) throws MalformedException {
        return Cbor.text(Cbor.required(claims, key, what), what);
    }

    private static byte[] bytes(Map<Integer, CBORItem> claims, int key, String what) throws MalformedException {
        return Cbor.bytes(Cbor.required(claims, key, what), what);
    }

    private static List<String> texts(Map<Integer, CBORItem> claims, int key, String what) throws MalformedException {
        List<String> out = new ArrayList<>();
        for (CBORItem item : Cbor.array(Cbor.required(claims, key, what), what)) {
            out.add(Cbor.text(item, what));
        }
        return out;
    }

    /** Never the broker password: bundles end up in exceptions and test output. */
    @Override
    public String toString() {
        return "EnrolmentBundle[" + device.deviceId() + " in " + device.township() + ", " + role.wireName()
                + ", enrolment " + enrolmentId + ", expires " + expiresAt + "]";
    }
}

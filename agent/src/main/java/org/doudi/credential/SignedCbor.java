package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import com.authlete.cose.COSEProtectedHeader;
import com.authlete.cose.COSEProtectedHeaderBuilder;
import com.authlete.cose.COSESign1;
import com.authlete.cose.COSESign1Builder;
import com.authlete.cose.COSESigner;
import com.authlete.cose.COSEVerifier;
import com.authlete.cose.SigStructure;
import com.authlete.cose.SigStructureBuilder;
import com.authlete.cose.constants.COSEAlgorithms;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * COSE_Sign1 (RFC 9052) as used by cards, trust lists and revocation lists: the algorithm, key id and
 * content type all go in the protected header, so they are covered by the signature and cannot be
 * swapped; the unprotected header stays empty. Messages are untagged — the {@code SA1:} prefix or the
 * file's role already says what they are, and on a card every byte counts.
 *
 * <p>Only EdDSA (Ed25519) is accepted today. SM2 would be one more accepted algorithm identifier here
 * and a key type in the trust list; see docs/decisions/0006.
 */
public final class SignedCbor {
    /** COSE algorithm identifier for EdDSA; with our keys always Ed25519. */
    public static final int EDDSA = COSEAlgorithms.EdDSA;

    private SignedCbor() {
    }

    /** The parts of a COSE_Sign1 that decide how to check it, read before any key is chosen. */
    public record Opened(COSESign1 message, Optional<KeyId> keyId, Optional<String> contentType, byte[] payload) {
    }

    /** Signs {@code payload} (already CBOR) with an Ed25519 private key. */
    public static byte[] sign(byte[] payload, Optional<KeyId> keyId, Optional<String> contentType, PrivateKey key) {
        COSEProtectedHeaderBuilder header = new COSEProtectedHeaderBuilder().alg(EDDSA);
        keyId.ifPresent(kid -> header.kid(kid.bytes()));
        contentType.ifPresent(header::contentType);
        COSEProtectedHeader protectedHeader = header.build();
        SigStructure toBeSigned = new SigStructureBuilder()
                .signature1()
                .bodyAttributes(protectedHeader)
                .payload(payload)
                .build();
        try {
            byte[] signature = new COSESigner(key).sign(toBeSigned, EDDSA);
            return new COSESign1Builder()
                    .protectedHeader(protectedHeader)
                    .payload(payload)
                    .signature(signature)
                    .build()
                    .encode();
        } catch (Exception e) {
            throw new IllegalArgumentException("the key cannot sign with EdDSA", e);
        }
    }

    public static Opened open(byte[] bytes) throws MalformedException {
        return open(Cbor.decodeSingle(bytes));
    }

    static Opened open(CBORItem item) throws MalformedException {
        COSESign1 message;
        try {
            message = COSESign1.build(item);
        } catch (Exception e) {
            throw new MalformedException("not a COSE_Sign1");
        }
        if (!message.getUnprotectedHeader().getPairs().isEmpty()) {
            throw new MalformedException("unprotected header is not empty");
        }
        COSEProtectedHeader header = message.getProtectedHeader();
        if (!(header.getAlg() instanceof Integer alg) || alg != EDDSA) {
            throw new MalformedException("unsupported signature algorithm");
        }
        Optional<KeyId> keyId;
        try {
            keyId = Optional.ofNullable(header.getKid()).map(KeyId::fromBytes);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("key id is not valid");
        }
        Object contentType = header.getContentType();
        if (contentType != null && !(contentType instanceof String)) {
            throw new MalformedException("content type is not text");
        }
        byte[] payload = Cbor.bytes(message.getPayload(), "payload");
        if (message.getSignature() == null || message.getSignature().getValue() == null) {
            throw new MalformedException("signature is missing");
        }
        return new Opened(message, keyId, Optional.ofNullable((String) contentType), payload);
    }

    public static boolean verify(Opened opened, PublicKey key) {
        try {
            return new COSEVerifier(key).verify(opened.message());
        } catch (Exception e) {
            // A signature of the wrong length or a key of the wrong type is simply not a valid signature.
            return false;
        }
    }
}

package org.doudi.credential;

import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORPairList;
import com.authlete.cose.COSEException;
import com.authlete.cose.COSEKeyBuilder;
import com.authlete.cose.constants.COSEEllipticCurves;
import com.authlete.cose.constants.COSEKeyTypes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Moves Ed25519 public keys between the JDK's {@link PublicKey} and the COSE_Key (RFC 9053 OKP) form
 * the trust list carries. Authlete builds the COSE_Key but cannot turn an OKP key back into a JDK
 * key, so the raw 32 bytes go through Bouncy Castle's SubjectPublicKeyInfo instead.
 */
public final class Ed25519Keys {
    public static final int RAW_PUBLIC_KEY_LENGTH = 32;
    private static final int LABEL_KTY = 1;
    private static final int LABEL_KID = 2;
    private static final int LABEL_ALG = 3;
    private static final int LABEL_OKP_CRV = -1;
    private static final int LABEL_OKP_X = -2;

    private Ed25519Keys() {
    }

    /** The 32-byte public key; refuses anything that is not Ed25519. */
    public static byte[] rawPublicKey(PublicKey key) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return info.getPublicKeyData().getOctets();
    }

    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != RAW_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + RAW_PUBLIC_KEY_LENGTH + " bytes");
        }
        try {
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)
                    .getEncoded();
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static CBORItem toCoseKey(IssuerKey issuer) {
        try {
            return new CBORPairList(new COSEKeyBuilder()
                    .ktyOKP()
                    .kid(issuer.keyId().bytes())
                    .alg(SignedCbor.EDDSA)
                    .okpCrvEd25519()
                    .okpX(rawPublicKey(issuer.publicKey()))
                    .build()
                    .getPairs());
        } catch (COSEException e) {
            throw new IllegalStateException("Authlete refused a well-formed Ed25519 COSE_Key", e);
        }
    }

    static IssuerKey fromCoseKey(CBORItem item) throws MalformedException {
        Map<Integer, CBORItem> key = Cbor.intKeyedMap(
                item, Set.of(LABEL_KTY, LABEL_KID, LABEL_ALG, LABEL_OKP_CRV, LABEL_OKP_X), "issuer key");
        if (Cbor.integer(Cbor.required(key, LABEL_KTY, "key type"), "key type") != COSEKeyTypes.OKP
                || Cbor.integer(Cbor.required(key, LABEL_ALG, "key algorithm"), "key algorithm") != SignedCbor.EDDSA
                || Cbor.integer(Cbor.required(key, LABEL_OKP_CRV, "key curve"), "key curve") != COSEEllipticCurves.Ed25519) {
            throw new MalformedException("issuer key is not an Ed25519 key");
        }
        try {
            KeyId keyId = KeyId.fromBytes(Cbor.bytes(Cbor.required(key, LABEL_KID, "key id"), "key id"));
            return new IssuerKey(keyId, fromRaw(Cbor.bytes(Cbor.required(key, LABEL_OKP_X, "public key"), "public key")));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("issuer key is not valid");
        }
    }
}

package org.doudi.credential.files;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.doudi.credential.Ed25519Keys;

/** Keys in PEM, the form technicians copy onto devices; parsed by Bouncy Castle, not by hand. */
public final class PemKeys {
    private PemKeys() {
    }

    /** An Ed25519 public key (SubjectPublicKeyInfo), as the agent's configuration holds the provisioning root. */
    public static PublicKey ed25519PublicKey(String pem) {
        try {
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfo.getInstance(object(pem)));
            Ed25519Keys.rawPublicKey(key);
            return key;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM", e);
        }
    }

    /** The first PEM object in the text. */
    public static Object object(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IOException("no PEM object");
            }
            return object;
        }
    }
}

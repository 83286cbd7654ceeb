package org.doudi.provisioning.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writing key material. Secret files are created with mode 0600 from the start (not chmod-ed after
 * writing), so there is no moment in which another user could open them; directories holding them
 * are 0700. Files are never overwritten: the caller starts from an empty directory.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    static void writeSecret(Path file, byte[] content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }

    static void writeSecret(Path file, String content) throws IOException {
        writeSecret(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writePublic(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    static String certificatePem(X509Certificate... certificates) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return out.toString();
    }

    /** Unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), which Mosquitto's keyfile and openssl read as they are. */
    static String privateKeyPem(IssuedCertificate issued) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(issued.privateKey(), null));
        }
        return out.toString();
    }

    /**
     * The key with its certificate chain (own certificate, then the CA) in a PKCS#12 file, as the agent's
     * {@code tls.client-keystore} expects: one password for the file and the key. Written by the JDK,
     * which also reads it on the device.
     */
    static byte[] pkcs12(IssuedCertificate issued, X509Certificate authority, String alias, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, issued.privateKey(), password.toCharArray(),
                new Certificate[] {issued.certificate(), authority});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }
}

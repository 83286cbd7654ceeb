package org.doudi.link.paho;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.doudi.link.LinkException;
import org.doudi.link.LinkSettings;

/**
 * TLS from files a technician can provision: the broker's CA as PEM (or the system roots), and the
 * device's client certificate with its key as a PKCS#12 file. Only the JDK's own TLS is used.
 */
final class TlsSocketFactories {
    private TlsSocketFactories() {
    }

    static SSLSocketFactory create(LinkSettings.Tls tls) throws LinkException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caFile().isPresent()) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                try (InputStream in = Files.newInputStream(tls.caFile().get())) {
                    int i = 0;
                    for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        anchors.setCertificateEntry("ca-" + i++, cert);
                    }
                    if (i == 0) {
                        throw new LinkException("tls.ca-file holds no certificate: " + tls.caFile().get());
                    }
                }
                tmf.init(anchors);
            } else {
                tmf.init((KeyStore) null);
            }
            KeyManagerFactory kmf = null;
            if (tls.clientKeystore().isPresent()) {
                char[] password = tls.clientKeystorePassword().orElse("").toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(tls.clientKeystore().get())) {
                    keys.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new LinkException("TLS files could not be loaded: " + e.getClass().getSimpleName() + " "
                    + e.getMessage(), e);
        }
    }
}

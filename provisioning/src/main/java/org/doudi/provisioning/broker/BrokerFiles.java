package org.doudi.provisioning.broker;

import java.nio.file.Path;
import org.doudi.record.DeviceIdentity;

/**
 * Where {@link MosquittoConfig} puts each file, under one directory:
 *
 * <pre>
 * mosquitto.conf, passwd, acl      the broker's configuration (passwd and acl mode 0600)
 * accounts.txt                     who may connect and how; no secrets
 * certs/ca.pem, certs/server.pem   with TLS: the CA and the broker's certificate
 * certs/server.key                 the broker's private key (0600)
 * ca/ca.key                        the CA's private key (0600); keep it offline, not on the broker
 * devices/&lt;device id&gt;/            one device's files, to copy to its /etc/doudi (0700)
 * central/&lt;account&gt;/               one central consumer's files (0700)
 * </pre>
 */
public record BrokerFiles(Path directory) {
    public Path mosquittoConf() {
        return directory.resolve("mosquitto.conf");
    }

    public Path passwordFile() {
        return directory.resolve("passwd");
    }

    public Path aclFile() {
        return directory.resolve("acl");
    }

    public Path accountsSummary() {
        return directory.resolve("accounts.txt");
    }

    public Path caCertificate() {
        return directory.resolve("certs").resolve("ca.pem");
    }

    public Path serverCertificate() {
        return directory.resolve("certs").resolve("server.pem");
    }

    public Path serverKey() {
        return directory.resolve("certs").resolve("server.key");
    }

    public Path caKey() {
        return directory.resolve("ca").resolve("ca.key");
    }

    public AccountFiles device(DeviceIdentity device) {
        return new AccountFiles(directory.resolve("devices").resolve(device.deviceId()), device.deviceId());
    }

    public AccountFiles central(CentralAccount account) {
        return new AccountFiles(directory.resolve("central").resolve(account.name()), account.name());
    }

    /**
     * One account's files. {@code broker.properties} holds its broker settings and secrets under the
     * agent's own configuration keys (docs/configuration.md), so for a device it is a valid
     * {@code doudi.conf} on its own; the PEM and PKCS#12 files exist only with TLS.
     */
    public record AccountFiles(Path directory, String name) {
        public Path settings() {
            return directory.resolve("broker.properties");
        }

        public Path caCertificate() {
            return directory.resolve("broker-ca.pem");
        }

        public Path certificate() {
            return directory.resolve(name + ".pem");
        }

        public Path privateKey() {
            return directory.resolve(name + ".key");
        }

        public Path keystore() {
            return directory.resolve(name + ".p12");
        }
    }
}

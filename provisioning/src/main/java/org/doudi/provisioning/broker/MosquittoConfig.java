package org.doudi.provisioning.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.doudi.config.Settings;
import org.doudi.record.DeviceIdentity;

/**
 * Everything a Mosquitto 2.x broker needs to serve a Doudi fleet, written into one new directory
 * ({@link BrokerFiles} lists the layout; docs/broker.md explains each file):
 *
 * <pre>{@code
 * BrokerFiles files = MosquittoConfig.forBroker("mqtt.mz.example.gov.cn")
 *         .devices(List.of(new DeviceIdentity("kiosk-0042", "110101001")))
 *         .centralAccounts(List.of(new CentralAccount("central-1")))
 *         .passwordListener(Listener.on(1883).boundTo("127.0.0.1"))
 *         .tlsListener(Listener.on(8883))
 *         .writeTo(Path.of("broker"));
 * }</pre>
 *
 * <p>Every account gets a new random password (in the password file as Mosquitto's PBKDF2-SHA512
 * hash) and, with a TLS listener, a client certificate from a new CA. Secrets go only into 0600 files
 * in the account's own directory, never into a return value, a log or an exception. Running it again
 * makes new credentials for everyone; adding one device to a running fleet is the enrolment step's job.
 */
public final class MosquittoConfig {
    /** Debian's and the upstream package's data directory. */
    public static final Path DEFAULT_PERSISTENCE_LOCATION = Path.of("/var/lib/mosquitto");
    /** Where a device keeps its configuration (docs/configuration.md). */
    public static final Path DEFAULT_DEVICE_FILES = Path.of("/etc/doudi");

    private final String host;
    private List<DeviceIdentity> devices = List.of();
    private List<CentralAccount> central = List.of();
    private Optional<Listener> passwordListener = Optional.empty();
    private Optional<Listener> tlsListener = Optional.empty();
    private final List<String> otherNames = new ArrayList<>();
    private Path persistenceLocation = DEFAULT_PERSISTENCE_LOCATION;
    private Optional<Path> installedAt = Optional.empty();
    private Path deviceFilesAt = DEFAULT_DEVICE_FILES;

    private MosquittoConfig(String host) {
        this.host = BrokerAddresses.checkHost(host, "the broker's host");
    }

    /** A broker that devices reach as {@code host} (a DNS name or an IP address; it goes into their broker URL). */
    public static MosquittoConfig forBroker(String host) {
        return new MosquittoConfig(host);
    }

    public MosquittoConfig devices(Collection<DeviceIdentity> devices) {
        this.devices = List.copyOf(devices);
        return this;
    }

    public MosquittoConfig centralAccounts(Collection<CentralAccount> accounts) {
        this.central = List.copyOf(accounts);
        return this;
    }

    /** A listener where accounts log in with username and password (unencrypted: bind it to a private address). */
    public MosquittoConfig passwordListener(Listener listener) {
        this.passwordListener = Optional.of(listener);
        return this;
    }

    /**
     * A TLS listener that admits only clients with a certificate from this broker's CA, and takes the
     * certificate's CN as the username; the password file is not consulted there.
     */
    public MosquittoConfig tlsListener(Listener listener) {
        this.tlsListener = Optional.of(listener);
        return this;
    }

    /** Further DNS names or IP addresses the broker is reached by, for its certificate. */
    public MosquittoConfig alsoKnownAs(String... names) {
        for (String name : names) {
            otherNames.add(BrokerAddresses.checkHost(name, "a broker name"));
        }
        return this;
    }

    /** Where Mosquitto keeps retained messages and persistent sessions across restarts. */
    public MosquittoConfig persistenceLocation(Path location) {
        this.persistenceLocation = checkConfigPath(location, "the persistence location");
        return this;
    }

    /** Where the files will be on the broker host, if not where they are written. */
    public MosquittoConfig installedAt(Path location) {
        this.installedAt = Optional.of(checkConfigPath(location, "the installation directory"));
        return this;
    }

    /** Where a device will keep its CA certificate and keystore; its {@code broker.properties} names them there. */
    public MosquittoConfig deviceFilesAt(Path location) {
        if (!location.isAbsolute() || location.toString().chars().anyMatch(c -> c == '\\' || c == '\n' || c == '\r')) {
            throw new InvalidBrokerSetting("the device files' location must be an absolute path without '\\' or line breaks");
        }
        this.deviceFilesAt = location;
        return this;
    }

    /**
     * Writes all files into {@code directory}, which must not exist or be empty: mixing new credentials
     * with an earlier run's would leave accounts whose password file and devices disagree.
     */
    public BrokerFiles writeTo(Path directory) throws BrokerFilesFailure {
        if (passwordListener.isEmpty() && tlsListener.isEmpty()) {
            throw new InvalidBrokerSetting("the broker needs a password listener, a TLS listener, or both");
        }
        if (passwordListener.isPresent() && tlsListener.isPresent() && passwordListener.get().port() == tlsListener.get().port()) {
            throw new InvalidBrokerSetting("the password and TLS listeners need different ports");
        }
        BrokerAccounts accounts = new BrokerAccounts(devices, central);
        Path absolute = directory.toAbsolutePath();
        BrokerFiles files = new BrokerFiles(absolute);
        BrokerFiles installed = new BrokerFiles(installedAt.orElseGet(() -> checkConfigPath(absolute, "the output directory")));
        try {
            prepare(absolute);
            Map<String, String> passwords = new LinkedHashMap<>();
            accounts.devices().forEach(d -> passwords.put(d.deviceId(), BrokerPasswords.generate()));
            accounts.central().forEach(c -> passwords.put(c.name(), BrokerPasswords.generate()));
            SecretFiles.writeSecret(files.passwordFile(), passwordFile(passwords));
            SecretFiles.writeSecret(files.aclFile(), MosquittoAcl.text(accounts));
            Optional<BrokerCertificates> authority = tlsListener.map(l -> BrokerCertificates.newAuthority("Doudi MQTT CA " + host));
            if (authority.isPresent()) {
                writeBrokerCertificates(files, authority.get());
            }
            for (DeviceIdentity device : accounts.devices()) {
                writeDevice(files.device(device), device, passwords.get(device.deviceId()), authority);
            }
            for (CentralAccount account : accounts.central()) {
                writeCentral(files.central(account), account, passwords.get(account.name()), authority);
            }
            SecretFiles.writePublic(files.mosquittoConf(), mosquittoConf(installed));
            SecretFiles.writePublic(files.accountsSummary(), summary(accounts, authority.isPresent()));
            return files;
        } catch (IOException | GeneralSecurityException e) {
            throw new BrokerFilesFailure("writing the broker files into " + absolute + " failed: "
                    + e.getClass().getSimpleName() + " " + e.getMessage() + "; remove the directory and run again", e);
        }
    }

    private void writeDevice(BrokerFiles.AccountFiles own, DeviceIdentity device, String password,
            Optional<BrokerCertificates> authority) throws IOException, GeneralSecurityException {
        SecretFiles.createPrivateDirectory(own.directory());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Settings.DEVICE_ID.key(), device.deviceId());
        settings.put(Settings.TOWNSHIP.key(), device.township());
        settings.put(Settings.BROKER_URL.key(), tlsListener
                .map(listener -> "ssl://" + BrokerAddresses.authority(host, listener.port()))
                .orElseGet(() -> "tcp://" + BrokerAddresses.authority(host, passwordListener.orElseThrow().port())));
        settings.put(Settings.BROKER_USERNAME.key(), device.deviceId());
        settings.put(Settings.BROKER_PASSWORD.key(), password);
        if (authority.isPresent()) {
            String keystorePassword = writeClientFiles(own, authority.get(), authority.get().clientCertificate(device));
            settings.put(Settings.TLS_CA_FILE.key(), deviceFilesAt.resolve(own.caCertificate().getFileName()).toString());
            settings.put(Settings.TLS_CLIENT_KEYSTORE.key(), deviceFilesAt.resolve(own.keystore().getFileName()).toString());
            settings.put(Settings.TLS_CLIENT_KEYSTORE_PASSWORD.key(), keystorePassword);
        }
        SecretFiles.writeSecret(own.settings(), properties("device " + device.deviceId() + ", township "
                + device.township() + "; copy this directory's files to " + deviceFilesAt + " on the device", settings));
    }

    private void writeCentral(BrokerFiles.AccountFiles own, CentralAccount account, String password,
            Optional<BrokerCertificates> authority) throws IOException, GeneralSecurityException {
        SecretFiles.createPrivateDirectory(own.directory());
        Map<String, String> settings = new LinkedHashMap<>();
        // A receiver usually runs beside the broker and has no TLS settings yet, so it gets the password listener.
        settings.put(Settings.BROKER_URL.key(), passwordListener
                .map(listener -> "tcp://" + BrokerAddresses.authority(
                        listener.bindAddress().filter(address -> !isWildcard(address)).orElse(host), listener.port()))
                .orElseGet(() -> "ssl://" + BrokerAddresses.authority(host, tlsListener.orElseThrow().port())));
        settings.put(Settings.BROKER_USERNAME.key(), account.name());
        settings.put(Settings.BROKER_PASSWORD.key(), password);
        if (authority.isPresent()) {
            String keystorePassword = writeClientFiles(own, authority.get(), authority.get().clientCertificate(account));
            settings.put(Settings.TLS_CA_FILE.key(), own.caCertificate().toString());
            settings.put(Settings.TLS_CLIENT_KEYSTORE.key(), own.keystore().toString());
            settings.put(Settings.TLS_CLIENT_KEYSTORE_PASSWORD.key(), keystorePassword);
        }
        SecretFiles.writeSecret(own.settings(), properties("central consumer " + account.name()
                + "; its MQTT client id must be " + account.name(), settings));
    }

    private static void prepare(Path directory) throws IOException, BrokerFilesFailure {
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw new BrokerFilesFailure(directory + " is not a directory");
            }
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new BrokerFilesFailure(directory + " is not empty; broker files go into a new or empty "
                            + "directory, so that earlier credentials are never mixed with new ones");
                }
            }
        } else {
            Files.createDirectories(directory);
        }
    }

    private static String passwordFile(Map<String, String> passwords) {
        StringBuilder out = new StringBuilder();
        passwords.forEach((user, password) -> out.append(user).append(':').append(MosquittoPasswordHash.of(password)).append('\n'));
        return out.toString();
    }

    private void writeBrokerCertificates(BrokerFiles files, BrokerCertificates authority) throws IOException {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(Stream.concat(Stream.of(host), otherNames.stream()).toList()));
        IssuedCertificate server = authority.serverCertificate(names);
        SecretFiles.writePublic(files.caCertificate(), SecretFiles.certificatePem(authority.authority().certificate()));
        SecretFiles.writePublic(files.serverCertificate(), SecretFiles.certificatePem(server.certificate()));
        SecretFiles.writeSecret(files.serverKey(), SecretFiles.privateKeyPem(server));
        SecretFiles.createPrivateDirectory(files.caKey().getParent());
        SecretFiles.writeSecret(files.caKey(), SecretFiles.privateKeyPem(authority.authority()));
    }

    /** Writes the account's CA copy, certificate, key and PKCS#12 keystore; returns the keystore's new password. */
    private static String writeClientFiles(BrokerFiles.AccountFiles own, BrokerCertificates authority, IssuedCertificate client)
            throws IOException, GeneralSecurityException {
        String keystorePassword = BrokerPasswords.generate();
        SecretFiles.writePublic(own.caCertificate(), SecretFiles.certificatePem(authority.authority().certificate()));
        SecretFiles.writePublic(own.certificate(), SecretFiles.certificatePem(client.certificate()));
        SecretFiles.writeSecret(own.privateKey(), SecretFiles.privateKeyPem(client));
        SecretFiles.writeSecret(own.keystore(),
                SecretFiles.pkcs12(client, authority.authority().certificate(), own.name(), keystorePassword));
        return keystorePassword;
    }

    private String mosquittoConf(BrokerFiles installed) {
        StringBuilder out = new StringBuilder("""
                # Mosquitto 2.x configuration for Doudi, generated by doudi-provisioning; see docs/broker.md.
                # A whole configuration: run it with mosquitto -c.
                per_listener_settings false
                allow_anonymous false
                password_file %s
                acl_file %s
                # Agents keep a window of small QoS 1 publishes in flight; with Nagle's algorithm the
                # broker's PUBACKs wait for the client's delayed ACK and the window stalls.
                set_tcp_nodelay true
                # Retained acks and statuses, and central consumers' queued records, survive a restart.
                persistence true
                persistence_location %s/
                """.formatted(installed.passwordFile(), installed.aclFile(), persistenceLocation));
        passwordListener.ifPresent(listener -> out.append("""

                # Username and password from the password file.
                %s
                """.formatted(listener.configLine())));
        tlsListener.ifPresent(listener -> out.append("""

                # TLS: only clients with a certificate from this broker's CA; the certificate's CN is
                # the username the ACL applies to, and the password file is not consulted here.
                %s
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                use_identity_as_username true
                """.formatted(listener.configLine(), installed.caCertificate(), installed.serverCertificate(),
                installed.serverKey())));
        return out.toString();
    }

    private String summary(BrokerAccounts accounts, boolean tls) {
        String credentials = tls ? "password, TLS certificate" : "password";
        StringBuilder out = new StringBuilder("""
                # Accounts of the Doudi broker %s. No secrets here: each account's password and keystore
                # are in its own directory (mode 0600). What each account may do is in the file acl.
                # account | kind | township | credentials | files
                """.formatted(host));
        for (DeviceIdentity device : accounts.devices()) {
            out.append(String.join(" | ", device.deviceId(), "device", device.township(), credentials,
                    "devices/" + device.deviceId() + "/")).append('\n');
        }
        for (CentralAccount account : accounts.central()) {
            out.append(String.join(" | ", account.name(), "central", "-", credentials,
                    "central/" + account.name() + "/")).append('\n');
        }
        return out.toString();
    }

    /** Java properties syntax as the agent reads it; values are ids, URLs, paths and base64url, none needing escapes. */
    private static String properties(String comment, Map<String, String> settings) {
        StringBuilder out = new StringBuilder("# Broker settings for ").append(comment).append(".\n")
                .append("# Holds secrets: keep it mode 0600 and delete this copy once the account is set up.\n");
        settings.forEach((key, value) -> out.append(key).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    /** Mosquitto's configuration parser splits at whitespace, so a path with a space would be cut short. */
    private static Path checkConfigPath(Path path, String what) {
        if (!path.isAbsolute() || path.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidBrokerSetting(what + " must be an absolute path without spaces (Mosquitto cannot read those): " + path);
        }
        return path;
    }
}

package org.doudi.provisioning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.doudi.cli.ExitCodes;
import org.doudi.config.Settings;
import org.doudi.credential.AssistanceCategory;
import org.doudi.credential.TownshipCode;
import org.doudi.credential.files.PemKeys;
import org.doudi.enrolment.BundleText;
import org.doudi.enrolment.DeviceRole;
import org.doudi.enrolment.EnrolmentBundle;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityError;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.KeyRole;
import org.doudi.provisioning.broker.BrokerPasswords;
import org.doudi.provisioning.broker.MosquittoAcl;
import org.doudi.provisioning.broker.MosquittoPasswordHash;
import org.doudi.provisioning.card.CardQrCode;
import org.doudi.provisioning.card.IssuerKeyPair;
import org.doudi.provisioning.enrolment.DeviceRecords;
import org.doudi.provisioning.files.OfficeFiles;
import org.doudi.provisioning.regions.Townships;
import org.doudi.record.DeviceIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a device: checks the township against the NBS 2023 list, makes the device's broker password "
                + "(its passwd line and ACL block go to the authority's devices/ID/), and writes a signed, expiring, "
                + "single-use enrolment bundle: PREFIX.bundle (the DE1: text) and PREFIX.png (its QR code), and draws "
                + "the QR code here. On the device: ./doudi enroll. Existing files are never overwritten.",
            "Steps: docs/provisioning.md."})
final class DeviceAddCommand implements Callable<Integer> {
    /** Three days: time to carry the bundle to a township, short enough that a lost one soon stops mattering. */
    static final int DEFAULT_VALID_HOURS = 72;
    static final int MAX_VALID_HOURS = 30 * 24;
    /**
     * Largest QR version still drawn: version 25 is 125 modules with the quiet zone, about 42 mm printed and
     * 125 terminal columns. A bundle with a broker CA chain is larger; it then goes by file only.
     */
    static final int MAX_QR_VERSION = 25;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityOptions authority;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "The device id: " + DeviceIdentity.DEVICE_ID_RULE + ", e.g. kiosk-0042.")
    String deviceId;

    @Option(names = "--township", required = true, paramLabel = "CODE",
            description = "NBS code of the township the device serves: 9 digits (or 12 ending 000), e.g. 110101001.")
    TownshipCode township;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "kiosk or tablet.")
    String role;

    @Option(names = "--broker", required = true, split = ",", paramLabel = "URL",
            description = "The broker(s) the device connects to, tcp://host:port or ssl://host:port, in order of preference.")
    List<String> brokers;

    @Option(names = "--broker-ca", paramLabel = "PEM",
            description = "CA certificate(s) of the broker's TLS certificate (e.g. certs/ca.pem from the broker's files), "
                    + "when it does not chain to a public root.")
    Path brokerCa;

    @Option(names = "--valid-hours", defaultValue = "" + DEFAULT_VALID_HOURS, paramLabel = "HOURS",
            description = "Hours until the bundle expires, 1 to " + MAX_VALID_HOURS + " (default ${DEFAULT-VALUE}).")
    int validHours;

    @Option(names = "--language", split = ",", defaultValue = "zh-CN", paramLabel = "TAG",
            description = "Kiosk languages, BCP 47 tags, first is the default (default ${DEFAULT-VALUE}).")
    List<String> languages;

    @Option(names = "--session-timeout", defaultValue = "3m", paramLabel = "DURATION",
            description = "Idle time after which the kiosk clears the screen for the next person (default ${DEFAULT-VALUE}).")
    String sessionTimeout;

    @Option(names = "--assistance", split = ",", paramLabel = "CATEGORY",
            completionCandidates = ProvisionCommand.CategoryNames.class,
            description = "Assistance types the kiosk offers, comma-separated: ${COMPLETION-CANDIDATES} (default: all).")
    List<AssistanceCategory> assistance;

    @Option(names = "--out", required = true, paramLabel = "PREFIX",
            description = "Writes PREFIX.bundle and PREFIX.png, e.g. bundles/kiosk-0042.")
    Path prefix;

    @Override
    public Integer call() throws AuthorityException, CommandException {
        DeviceIdentity device = identity();
        DeviceRole deviceRole = DeviceRole.fromWireName(role.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--role must be kiosk or tablet"));
        EnrolmentBundle.KioskSettings kiosk = kioskSettings();
        for (String url : brokers) {
            String problem = Settings.BROKER_URL.rule().problemWith(url.strip());
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), "--broker " + url + ": " + problem
                        + " (" + Settings.BROKER_URL.allowed() + ")");
            }
        }
        if (validHours < 1 || validHours > MAX_VALID_HOURS) {
            throw new ParameterException(spec.commandLine(), "--valid-hours must be 1 to " + MAX_VALID_HOURS);
        }
        Townships townships = Townships.nbs2023();
        Townships.Township place = townships.find(township)
                .orElseThrow(() -> new CommandException(new CommandError.UnknownTownship(township,
                        townships.closest(township))));
        Path bundleFile = prefix.resolveSibling(prefix.getFileName() + ".bundle");
        Path pngFile = prefix.resolveSibling(prefix.getFileName() + ".png");
        for (Path file : List.of(bundleFile, pngFile)) {
            if (Files.exists(file)) {
                throw new CommandException(new CommandError.OutputExists(file));
            }
        }

        Authority office = authority.load();
        DeviceRecords records = new DeviceRecords(office);
        records.requireNew(device);
        IssuerKeyPair provisioning = authority.signingKey(office, KeyRole.PROVISIONING);
        String password = BrokerPasswords.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] enrolmentId = new byte[EnrolmentBundle.ENROLMENT_ID_BYTES];
        RANDOM.nextBytes(enrolmentId);
        EnrolmentBundle bundle = new EnrolmentBundle(HexFormat.of().formatHex(enrolmentId), now,
                now.plus(validHours, ChronoUnit.HOURS), device, deviceRole, brokers.stream().map(String::strip).toList(),
                device.deviceId(), password, caCertificates(), publicKey(office, KeyRole.ROOT),
                publicKey(office, KeyRole.COMMAND), publicKey(office, KeyRole.SEALING),
                publicKey(office, KeyRole.PROVISIONING), kiosk);
        String text = BundleText.sign(bundle, provisioning.keyId(), provisioning.privateKey());

        records.recordIssued(bundle, device.deviceId() + ":" + MosquittoPasswordHash.of(password),
                MosquittoAcl.block(device));
        int version = CardQrCode.version(text);
        write(bundleFile, (text + "\n").getBytes(StandardCharsets.US_ASCII));
        boolean drawn = version <= MAX_QR_VERSION;
        if (drawn) {
            write(pngFile, CardQrCode.png(text, device.deviceId()));
        }
        report(bundle, place, provisioning, records, bundleFile, drawn ? pngFile : null, text, version);
        return ExitCodes.OK;
    }

    private DeviceIdentity identity() {
        try {
            return new DeviceIdentity(deviceId, township.digits());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--id must be " + DeviceIdentity.DEVICE_ID_RULE);
        }
    }

    private EnrolmentBundle.KioskSettings kioskSettings() {
        Duration timeout = Settings.parseDuration(sessionTimeout)
                .filter(d -> !d.isZero() && d.compareTo(Duration.ofHours(1)) <= 0)
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--session-timeout must be a duration like 90s or 3m, at most 1h"));
        List<AssistanceCategory> offered = assistance == null ? Arrays.asList(AssistanceCategory.values()) : assistance;
        return new EnrolmentBundle.KioskSettings(languages.stream().map(String::strip).toList(), timeout,
                offered.stream().map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    /** The authority's public key as DER SubjectPublicKeyInfo, the form the bundle carries. */
    private static byte[] publicKey(Authority office, KeyRole role) throws CommandException, AuthorityException {
        Path file = office.publicKeyFile(role);
        try {
            return SubjectPublicKeyInfo.getInstance(PemKeys.object(Files.readString(file, StandardCharsets.US_ASCII)))
                    .getEncoded();
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(file, OfficeFiles.reason(e)));
        } catch (IllegalArgumentException e) {
            throw new AuthorityException(new AuthorityError.Damaged(file,
                    "a public key in PEM"));
        }
    }

    private List<byte[]> caCertificates() throws CommandException {
        if (brokerCa == null) {
            return List.of();
        }
        List<byte[]> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(brokerCa, StandardCharsets.US_ASCII)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder certificate) {
                    certificates.add(certificate.getEncoded());
                }
            }
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotReadInput(brokerCa, OfficeFiles.reason(e)));
        }
        if (certificates.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--broker-ca " + brokerCa
                    + " holds no certificate in PEM; give the broker's certs/ca.pem");
        }
        return certificates;
    }

    private static void write(Path file, byte[] bytes) throws CommandException {
        try {
            OfficeFiles.createNew(file, bytes, OfficeFiles.OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw new CommandException(new CommandError.OutputExists(file));
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }

    /** Names and files only: the password is in the bundle and the QR code, nowhere on screen as text. */
    private void report(EnrolmentBundle bundle, Townships.Township place, IssuerKeyPair provisioning,
            DeviceRecords records, Path bundleFile, Path pngFile, String text, int version) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Device %s (%s) for %s — township %s%n", bundle.device().deviceId(), bundle.role().wireName(),
                place.displayName(), place.code());
        out.printf("  Check the township name before handing the bundle over: a device cannot move township without%n"
                + "  a factory reset.%n");
        out.printf("  Enrolment bundle %s, single use, valid until %s, signed with %s%n", bundle.enrolmentId(),
                bundle.expiresAt(), provisioning.keyId().value());
        out.printf("  %s  the DE1: text, %d characters (secret: it holds the device's broker password)%n", bundleFile,
                text.length());
        if (pngFile != null) {
            out.printf("  %s  QR version %d; print it, or scan the code below%n", pngFile, version);
            out.print(CardQrCode.terminal(text));
        } else {
            out.printf("  No QR code: the bundle needs QR version %d, above the %d that prints and scans reliably "
                    + "(a broker CA makes it large). Copy %s to the device instead.%n", version, MAX_QR_VERSION,
                    bundleFile);
        }
        out.printf("  Broker: append %s to the broker's password file and %s to its ACL, then reload it.%n",
                records.passwordLine(bundle.device()), records.aclBlock(bundle.device()));
        out.printf("  On the device: ./doudi enroll %s --authority-id %s%n", bundleFile.getFileName(),
                provisioning.keyId().value());
        out.flush();
    }
}

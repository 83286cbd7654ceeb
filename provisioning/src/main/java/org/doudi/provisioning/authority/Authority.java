package org.doudi.provisioning.authority;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.doudi.credential.IssuerKey;
import org.doudi.credential.KeyId;
import org.doudi.credential.files.PemKeys;
import org.doudi.provisioning.card.IssuerKeyPair;
import org.doudi.provisioning.files.OfficeFiles;
import org.doudi.provisioning.keys.KeyPem;
import org.doudi.provisioning.keys.Passphrase;
import org.doudi.record.DeviceIdentity;

/**
 * A civil-affairs office's keys: one directory holding a key pair per {@link KeyRole} as PEM files, a
 * manifest naming their key ids, and the sequence numbers of the lists it has signed. The directory is
 * owner-only (0700, files 0600); private keys are encrypted when the office gives a passphrase. A
 * private key is read only when a command signs with it, so a command that only needs public keys never
 * asks for the passphrase.
 */
public final class Authority {
    public static final String MANIFEST_FILE = "authority.properties";
    public static final String LISTS_FILE = "lists.properties";
    public static final String COMMANDS_FILE = "commands.properties";
    private static final String FORMAT = "1";
    private static final String KEY_ID_SUFFIX = ".key-id";

    private final Path dir;
    private final Map<KeyRole, KeyId> keyIds;

    private Authority(Path dir, Map<KeyRole, KeyId> keyIds) {
        this.dir = dir;
        this.keyIds = Map.copyOf(keyIds);
    }

    /**
     * Creates a new authority in {@code dir}, which must not exist or be empty. The manifest is written
     * last, so a directory without one never passes for an authority; on failure everything written is
     * removed again.
     *
     * @param cardIssuerKeyId the id cards will carry; by default one derived from the key
     */
    public static Authority create(Path dir, Optional<Passphrase> passphrase, Optional<KeyId> cardIssuerKeyId,
            Clock clock) throws AuthorityException {
        if (passphrase.isPresent() && !passphrase.get().longEnough()) {
            throw new AuthorityException(new AuthorityError.WeakPassphrase());
        }
        boolean createdDir = prepareDirectory(dir);
        List<Path> written = new ArrayList<>();
        try {
            Map<KeyRole, KeyId> keyIds = new EnumMap<>(KeyRole.class);
            for (KeyRole role : KeyRole.values()) {
                KeyPair pair = role.generate();
                keyIds.put(role, role == KeyRole.CARD_ISSUER && cardIssuerKeyId.isPresent()
                        ? cardIssuerKeyId.get() : role.derivedKeyId(pair.getPublic()));
                writeNew(dir.resolve(role.privateKeyFile()), KeyPem.privateKey(pair.getPrivate(), passphrase), written);
                writeNew(dir.resolve(role.publicKeyFile()), KeyPem.publicKey(pair.getPublic()), written);
            }
            writeNew(dir.resolve(MANIFEST_FILE), manifest(keyIds, clock), written);
            return new Authority(dir, keyIds);
        } catch (AuthorityException | RuntimeException e) {
            for (Path file : written.reversed()) {
                deleteQuietly(file);
            }
            if (createdDir) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** Opens the authority in {@code dir}: reads its manifest, not yet its keys. */
    public static Authority load(Path dir) throws AuthorityException {
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        Properties manifest;
        try {
            manifest = properties(manifestFile);
        } catch (NoSuchFileException e) {
            throw new AuthorityException(new AuthorityError.NoAuthority(dir));
        }
        if (!FORMAT.equals(manifest.getProperty("format"))) {
            throw damaged(manifestFile, "an authority manifest of format " + FORMAT);
        }
        Map<KeyRole, KeyId> keyIds = new EnumMap<>(KeyRole.class);
        for (KeyRole role : KeyRole.values()) {
            try {
                keyIds.put(role, new KeyId(manifest.getProperty(role.label() + KEY_ID_SUFFIX)));
            } catch (IllegalArgumentException e) {
                throw damaged(manifestFile, "an authority manifest with a valid " + role.label() + KEY_ID_SUFFIX);
            }
        }
        return new Authority(dir, keyIds);
    }

    public Path dir() {
        return dir;
    }

    public KeyId keyId(KeyRole role) {
        return keyIds.get(role);
    }

    public Path privateKeyFile(KeyRole role) {
        return dir.resolve(role.privateKeyFile());
    }

    public Path publicKeyFile(KeyRole role) {
        return dir.resolve(role.publicKeyFile());
    }

    /** The public half of a signing key with its key id, as a trust list names it. */
    public IssuerKey publicKey(KeyRole role) throws AuthorityException {
        requireSigning(role);
        Path file = publicKeyFile(role);
        try {
            return new IssuerKey(keyId(role), PemKeys.ed25519PublicKey(readText(file)));
        } catch (IllegalArgumentException e) {
            throw damaged(file, "an Ed25519 public key in PEM");
        }
    }

    /** A signing key, decrypted with the passphrase when the authority's keys are encrypted. */
    public IssuerKeyPair signingKey(KeyRole role, Optional<Passphrase> passphrase) throws AuthorityException {
        IssuerKey publicKey = publicKey(role);
        Path file = privateKeyFile(role);
        try {
            return new IssuerKeyPair(publicKey.keyId(), publicKey.publicKey(),
                    new JcaPEMKeyConverter().getPrivateKey(privateKeyInfo(role, passphrase)));
        } catch (PEMException | IllegalArgumentException e) {
            throw damaged(file, "the Ed25519 private key belonging to " + role.publicKeyFile());
        }
    }

    /** Any role's private key as PKCS#8, decrypted: the inbox opens payloads with the sealing key's. */
    public PrivateKeyInfo privateKeyInfo(KeyRole role, Optional<Passphrase> passphrase) throws AuthorityException {
        Path file = privateKeyFile(role);
        try {
            return KeyPem.readPrivateKey(readText(file), passphrase);
        } catch (KeyPem.UnreadableKeyException e) {
            throw new AuthorityException(switch (e.problem()) {
                case PASSPHRASE_REQUIRED -> new AuthorityError.PassphraseRequired(file);
                case WRONG_PASSPHRASE -> new AuthorityError.WrongPassphrase(file);
                case NOT_A_PRIVATE_KEY -> new AuthorityError.Damaged(file, "a private key in PEM");
            });
        }
    }

    /**
     * The sequence number for the next list of this kind: {@code requested} if given, which must be above
     * the last one signed, else one more than the last.
     */
    public long nextSequence(PublishedList list, OptionalLong requested) throws AuthorityException {
        long published = publishedSequence(list);
        if (requested.isEmpty()) {
            return published + 1;
        }
        if (requested.getAsLong() <= published) {
            throw new AuthorityException(
                    new AuthorityError.SequenceNotIncreasing(list, requested.getAsLong(), published));
        }
        return requested.getAsLong();
    }

    /** Remembers that a list with this sequence number went out, so the next one is numbered above it. */
    public void recordPublished(PublishedList list, long sequence) throws AuthorityException {
        Path file = dir.resolve(LISTS_FILE);
        Properties lists = listsFile(file);
        lists.setProperty(list.sequenceKey(), Long.toString(sequence));
        StringBuilder text = new StringBuilder(
                "# Last sequence number of each list this authority signed (./provision). The next one must be higher.\n");
        for (PublishedList kind : PublishedList.values()) {
            Optional.ofNullable(lists.getProperty(kind.sequenceKey()))
                    .ifPresent(value -> text.append(kind.sequenceKey()).append('=').append(value).append('\n'));
        }
        try {
            OfficeFiles.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII), OfficeFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }

    /**
     * The number of the next command to this device, remembered before the command goes out: a device runs
     * only numbers above the last it accepted, so a number may be skipped (a command never sent) but never
     * reused. A file lock makes the inbox and an office's {@code ./provision command} take turns.
     */
    public long takeCommandNumber(DeviceIdentity device) throws AuthorityException {
        Path file = dir.resolve(COMMANDS_FILE);
        Path lockFile = dir.resolve(COMMANDS_FILE + ".lock");
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lock.lock()) {
            Properties numbers = listsFile(file);
            String key = device.township() + "." + device.deviceId();
            long next;
            try {
                next = Long.parseLong(numbers.getProperty(key, "0")) + 1;
            } catch (NumberFormatException e) {
                throw damaged(file, "a list of command numbers");
            }
            numbers.setProperty(key, Long.toString(next));
            StringBuilder text = new StringBuilder("# Last command number sent to each device (township.device)."
                    + " Devices refuse any number not above the last they accepted.\n");
            new java.util.TreeSet<>(numbers.stringPropertyNames())
                    .forEach(k -> text.append(k).append('=').append(numbers.getProperty(k)).append('\n'));
            OfficeFiles.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII), OfficeFiles.OWNER_ONLY);
            return next;
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }

    private long publishedSequence(PublishedList list) throws AuthorityException {
        Path file = dir.resolve(LISTS_FILE);
        String value = listsFile(file).getProperty(list.sequenceKey(), "0");
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // Reported below with the other damage.
        }
        throw damaged(file, "a list of sequence numbers");
    }

    private static Properties listsFile(Path file) throws AuthorityException {
        try {
            return properties(file);
        } catch (NoSuchFileException e) {
            return new Properties();
        }
    }

    private static Properties properties(Path file) throws AuthorityException, NoSuchFileException {
        try {
            Properties properties = new Properties();
            properties.load(new ByteArrayInputStream(Files.readAllBytes(file)));
            return properties;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotRead(file, OfficeFiles.reason(e)));
        } catch (IllegalArgumentException e) {
            throw damaged(file, "a properties file");
        }
    }

    /** Decoded leniently: a damaged file then fails as "not a key" rather than as an unreadable file. */
    private static String readText(Path file) throws AuthorityException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotRead(file, OfficeFiles.reason(e)));
        }
    }

    private static void requireSigning(KeyRole role) {
        if (!role.signs()) {
            throw new IllegalArgumentException(role + " is not a signing key");
        }
    }

    /** @return whether the directory was created here (and so is removed again on failure) */
    private static boolean prepareDirectory(Path dir) throws AuthorityException {
        if (Files.exists(dir.resolve(MANIFEST_FILE))) {
            throw new AuthorityException(new AuthorityError.AlreadyExists(dir));
        }
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir) || !isEmpty(dir)) {
                    throw new AuthorityException(new AuthorityError.NotEmpty(dir));
                }
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return false;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, OfficeFiles.OWNER_ONLY_DIRECTORY);
            return true;
        } catch (UnsupportedOperationException e) {
            throw new AuthorityException(new AuthorityError.NoOwnerOnlyPermissions(dir));
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(dir, OfficeFiles.reason(e)));
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static String manifest(Map<KeyRole, KeyId> keyIds, Clock clock) {
        StringBuilder text = new StringBuilder("""
                # A Doudi office authority, made by ./provision authority init. Its keys are the files beside
                # this one: keep the directory offline and backed up, and do not edit it.
                format=%s
                created=%s
                """.formatted(FORMAT, clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        keyIds.forEach((role, keyId) -> text.append(role.label()).append(KEY_ID_SUFFIX).append('=')
                .append(keyId.value()).append('\n'));
        return text.toString();
    }

    private static void writeNew(Path file, String text, List<Path> written) throws AuthorityException {
        try {
            OfficeFiles.createNew(file, text.getBytes(StandardCharsets.US_ASCII), OfficeFiles.OWNER_ONLY);
            written.add(file);
        } catch (UnsupportedOperationException e) {
            throw new AuthorityException(new AuthorityError.NoOwnerOnlyPermissions(file.getParent()));
        } catch (IOException e) {
            throw new AuthorityException(new AuthorityError.CannotWrite(file, OfficeFiles.reason(e)));
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort after a failure that is already being reported.
        }
    }

    private static AuthorityException damaged(Path file, String expected) {
        return new AuthorityException(new AuthorityError.Damaged(file, expected));
    }
}

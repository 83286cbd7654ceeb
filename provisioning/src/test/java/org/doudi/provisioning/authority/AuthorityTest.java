package org.doudi.provisioning.authority;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.doudi.credential.KeyId;
import org.doudi.provisioning.card.IssuerKeyPair;
import org.doudi.provisioning.keys.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorityTest {
    @TempDir
    Path temp;

    private final Clock clock = Clock.systemUTC();

    @Test
    void aNewAuthorityIsOwnerOnlyAndLoadsBack() throws Exception {
        Path dir = temp.resolve("office");
        Authority created = Authority.create(dir, Optional.empty(), Optional.of(new KeyId("gx-hc-2026a")), clock);
        Authority loaded = Authority.load(dir);

        assertThat(permissions(dir)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(2 * KeyRole.values().length + 1)
                    .allSatisfy(file -> assertThat(permissions(file)).isEqualTo("rw-------"));
        }
        assertThat(loaded.keyId(KeyRole.CARD_ISSUER)).isEqualTo(new KeyId("gx-hc-2026a"));
        assertThat(loaded.keyId(KeyRole.ROOT).value()).matches("root-[0-9a-f]{8}");
        for (KeyRole role : KeyRole.values()) {
            assertThat(loaded.keyId(role)).isEqualTo(created.keyId(role));
            if (role.signs()) {
                IssuerKeyPair key = loaded.signingKey(role, Optional.empty());
                assertThat(key.publicPart()).isEqualTo(loaded.publicKey(role));
                assertThat(signsVerifiably(key)).isTrue();
            }
        }
        assertThat(Files.readString(dir.resolve(KeyRole.SEALING.publicKeyFile()))).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void anExistingAuthorityIsNeverOverwritten() throws Exception {
        Path dir = temp.resolve("office");
        Authority.create(dir, Optional.empty(), Optional.empty(), clock);
        Map<Path, byte[]> before = contents(dir);

        assertThat(error(() -> Authority.create(dir, Optional.empty(), Optional.empty(), clock)))
                .isEqualTo(new AuthorityError.AlreadyExists(dir));
        assertThat(contents(dir)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aDirectoryWithOtherFilesIsRefusedAndAnEmptyOneIsUsed() throws Exception {
        Path busy = Files.createDirectory(temp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "x");
        Path empty = Files.createDirectory(temp.resolve("empty"));

        assertThat(error(() -> Authority.create(busy, Optional.empty(), Optional.empty(), clock)))
                .isEqualTo(new AuthorityError.NotEmpty(busy));
        Authority.create(empty, Optional.empty(), Optional.empty(), clock);
        assertThat(permissions(empty)).isEqualTo("rwx------");
    }

    @Test
    void aShortPassphraseIsRefusedBeforeAnythingIsWritten() {
        Path dir = temp.resolve("office");

        assertThat(error(() -> Authority.create(dir, Optional.of(new Passphrase("short")), Optional.empty(), clock)))
                .isEqualTo(new AuthorityError.WeakPassphrase());
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDirectoryWithoutManifestIsNoAuthority() {
        assertThat(error(() -> Authority.load(temp))).isEqualTo(new AuthorityError.NoAuthority(temp));
    }

    @Test
    void damagedFilesAreNamed() throws Exception {
        Path dir = temp.resolve("office");
        Authority authority = Authority.create(dir, Optional.empty(), Optional.empty(), clock);
        // A private key from the wrong pair, as when files of two authorities get mixed up.
        Files.copy(dir.resolve(KeyRole.COMMAND.privateKeyFile()), dir.resolve(KeyRole.CARD_ISSUER.privateKeyFile()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(KeyRole.ROOT.publicKeyFile()), "-----BEGIN PUBLIC KEY-----\nAAAA\n");

        assertThat(error(() -> authority.signingKey(KeyRole.CARD_ISSUER, Optional.empty())))
                .isInstanceOf(AuthorityError.Damaged.class)
                .extracting(e -> ((AuthorityError.Damaged) e).file())
                .isEqualTo(dir.resolve(KeyRole.CARD_ISSUER.privateKeyFile()));
        assertThat(error(() -> authority.publicKey(KeyRole.ROOT)))
                .isEqualTo(new AuthorityError.Damaged(dir.resolve(KeyRole.ROOT.publicKeyFile()),
                        "an Ed25519 public key in PEM"));

        Files.writeString(dir.resolve(Authority.MANIFEST_FILE), "format=1\nroot.key-id=root 1\n");
        assertThat(error(() -> Authority.load(dir))).isInstanceOf(AuthorityError.Damaged.class);
    }

    @Test
    void listSequencesOnlyRise() throws Exception {
        Authority authority = Authority.create(temp.resolve("office"), Optional.empty(), Optional.empty(), clock);

        assertThat(authority.nextSequence(PublishedList.TRUST_LIST, OptionalLong.empty())).isEqualTo(1);
        authority.recordPublished(PublishedList.TRUST_LIST, 1);
        authority.recordPublished(PublishedList.REVOCATION_LIST, 7);

        Authority reloaded = Authority.load(authority.dir());
        assertThat(reloaded.nextSequence(PublishedList.TRUST_LIST, OptionalLong.empty())).isEqualTo(2);
        assertThat(reloaded.nextSequence(PublishedList.REVOCATION_LIST, OptionalLong.empty())).isEqualTo(8);
        assertThat(reloaded.nextSequence(PublishedList.REVOCATION_LIST, OptionalLong.of(20))).isEqualTo(20);
        assertThat(error(() -> reloaded.nextSequence(PublishedList.REVOCATION_LIST, OptionalLong.of(7))))
                .isEqualTo(new AuthorityError.SequenceNotIncreasing(PublishedList.REVOCATION_LIST, 7, 7));
        assertThat(permissions(authority.dir().resolve(Authority.LISTS_FILE))).isEqualTo("rw-------");
    }

    private interface AuthorityCall {
        Object call() throws AuthorityException;
    }

    private static AuthorityError error(AuthorityCall call) {
        try {
            call.call();
            throw new AssertionError("no AuthorityException");
        } catch (AuthorityException e) {
            return e.error();
        }
    }

    private static boolean signsVerifiably(IssuerKeyPair key) throws Exception {
        byte[] message = "a trust list".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.privateKey());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<Path, byte[]> contents(Path dir) throws IOException {
        Map<Path, byte[]> contents = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                contents.put(file, Files.readAllBytes(file));
            }
        }
        return contents;
    }
}

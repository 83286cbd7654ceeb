package org.doudi.credential.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doudi.credential.CardSerial;
import org.doudi.credential.IssuerKey;
import org.doudi.credential.KeyId;
import org.doudi.credential.ListCheck;
import org.doudi.credential.ListProblem;
import org.doudi.credential.RevocationList;
import org.doudi.credential.SignedCbor;
import org.doudi.credential.TrustList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialListFilesTest {
    private static final Instant ISSUED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private final KeyPair root = generate();
    private final CredentialListFiles files =
            new CredentialListFiles(root.getPublic(), Clock.fixed(ISSUED.plusSeconds(60), ZoneOffset.UTC));

    @Test
    void loadsSignedListsFromFiles() throws IOException {
        TrustList trust = new TrustList(1, ISSUED, EXPIRES, List.of(new IssuerKey(new KeyId("k1"), generate().getPublic())));
        RevocationList revoked = new RevocationList(1, ISSUED, EXPIRES, Set.of(new CardSerial("GX26-1")));
        Path trustFile = Files.write(dir.resolve("trust.cose"), sign(trust.payload(), TrustList.CONTENT_TYPE));
        Path revokedFile = Files.write(dir.resolve("revoked.cose"), sign(revoked.payload(), RevocationList.CONTENT_TYPE));

        assertThat(files.loadTrustList(trustFile, Optional.empty())).isEqualTo(new ListCheck.Accepted<>(trust));
        assertThat(files.loadRevocationList(revokedFile, Optional.empty())).isEqualTo(new ListCheck.Accepted<>(revoked));
    }

    @Test
    void aMissingFileIsUnreadable() {
        assertThat(problem(files.loadTrustList(dir.resolve("absent.cose"), Optional.empty())))
                .isEqualTo(ListProblem.UNREADABLE);
    }

    @Test
    void aCorruptFileIsCorrupt() throws IOException {
        Path corrupt = Files.writeString(dir.resolve("trust.cose"), "not a signed list");

        assertThat(problem(files.loadTrustList(corrupt, Optional.empty()))).isEqualTo(ListProblem.CORRUPT);
    }

    @Test
    void anOversizeFileIsRefusedWithoutReadingItAll() throws IOException {
        Path huge = Files.write(dir.resolve("revoked.cose"), new byte[RevocationList.MAX_SIGNED_BYTES + 10]);

        assertThat(problem(files.loadRevocationList(huge, Optional.empty()))).isEqualTo(ListProblem.TOO_LARGE);
    }

    @Test
    void anExpiredListFileIsRefused() throws IOException {
        TrustList old = new TrustList(1, ISSUED.minusSeconds(7200), ISSUED, List.of());
        Path file = Files.write(dir.resolve("trust.cose"), sign(old.payload(), TrustList.CONTENT_TYPE));

        assertThat(problem(files.loadTrustList(file, Optional.empty()))).isEqualTo(ListProblem.EXPIRED);
    }

    private byte[] sign(byte[] payload, String contentType) {
        return SignedCbor.sign(payload, Optional.of(new KeyId("root")), Optional.of(contentType), root.getPrivate());
    }

    private static ListProblem problem(ListCheck<?> check) {
        assertThat(check).isInstanceOf(ListCheck.Refused.class);
        return ((ListCheck.Refused<?>) check).problem();
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

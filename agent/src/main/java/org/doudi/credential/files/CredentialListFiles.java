package org.doudi.credential.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.doudi.credential.ListCheck;
import org.doudi.credential.ListProblem;
import org.doudi.credential.RevocationList;
import org.doudi.credential.TrustList;

/**
 * Loads the signed trust list and revocation list from files, as the agent does at start-up. Every
 * failure comes back as a {@link ListCheck.Refused} naming the problem, never as an exception, so the
 * caller can keep the list it already has and report why the new one was refused. MQTT delivery of
 * updates will hand the same bytes to {@link TrustList#check} and {@link RevocationList#check}.
 */
public final class CredentialListFiles {
    private final PublicKey provisioningRoot;
    private final Clock clock;

    public CredentialListFiles(PublicKey provisioningRoot, Clock clock) {
        this.provisioningRoot = Objects.requireNonNull(provisioningRoot, "provisioningRoot");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ListCheck<TrustList> loadTrustList(Path file, Optional<TrustList> installed) {
        return switch (read(file, TrustList.MAX_SIGNED_BYTES)) {
            case Read.Bytes(byte[] bytes) -> TrustList.check(bytes, provisioningRoot, clock, installed);
            case Read.Failed(ListProblem problem, String detail) -> new ListCheck.Refused<>(problem, detail);
        };
    }

    public ListCheck<RevocationList> loadRevocationList(Path file, Optional<RevocationList> installed) {
        return switch (read(file, RevocationList.MAX_SIGNED_BYTES)) {
            case Read.Bytes(byte[] bytes) -> RevocationList.check(bytes, provisioningRoot, clock, installed);
            case Read.Failed(ListProblem problem, String detail) -> new ListCheck.Refused<>(problem, detail);
        };
    }

    private sealed interface Read {
        record Bytes(byte[] value) implements Read {
        }

        record Failed(ListProblem problem, String detail) implements Read {
        }
    }

    /** Reads at most one byte past the limit, so a huge or endless file cannot exhaust memory. */
    private static Read read(Path file, int maxBytes) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                return new Read.Failed(ListProblem.TOO_LARGE, file + " is larger than " + maxBytes + " bytes");
            }
            return new Read.Bytes(bytes);
        } catch (NoSuchFileException e) {
            return new Read.Failed(ListProblem.UNREADABLE, file + " does not exist");
        } catch (IOException e) {
            return new Read.Failed(ListProblem.UNREADABLE, file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}

package org.doudi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doudi.config.AgentConfig;
import org.doudi.credential.KeyId;
import org.doudi.credential.files.PemKeys;
import org.doudi.enrolment.BundleVerification;
import org.doudi.enrolment.BundleVerifier;
import org.doudi.enrolment.DeviceEnrolment;
import org.doudi.enrolment.EnrolmentException;
import org.doudi.scan.BarcodeDecoder;
import org.doudi.scan.DecodeResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Enrol this device with the office's bundle (DE1:, from ./provision device add): checks its "
                + "signature and expiry, makes the device's own signing key here (it never leaves the device), writes the "
                + "keys next to the configuration file and then the configuration, atomically.",
            "Refuses a device that is already enrolled: run ./doudi wipe first. Steps: docs/provisioning.md."})
final class EnrollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The .bundle file (the DE1: text); a picture of its QR code (.png, "
            + ".jpg — the printed code photographed, or the device's camera); or - to read it from standard input "
            + "(a scanner typing the QR code).")
    Path bundleFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file to write. Default: $" + AgentConfig.CONFIG_FILE_ENV + ", else "
                    + "/etc/doudi/doudi.conf.")
    Path configFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signer signer;

    static final class Signer {
        @Option(names = "--authority-key", paramLabel = "PEM",
                description = "The office's provisioning public key (provisioning.public.pem), as baked into the image.")
        Path keyFile;

        @Option(names = "--authority-id", paramLabel = "KEY-ID",
                description = "The provisioning key's id (prov-…), as printed by ./provision device add; a short "
                        + "fingerprint, so prefer --authority-key.")
        String keyId;
    }

    @Override
    public Integer call() {
        Optional<BundleVerifier> verifier = verifier();
        if (verifier.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Optional<String> text = isPicture(bundleFile) ? scanned(bundleFile) : read(bundleFile, "the bundle");
        if (text.isEmpty()) {
            return ExitCodes.USAGE;
        }
        BundleVerification verification = verifier.get().verify(text.get());
        if (!(verification instanceof BundleVerification.Valid valid)) {
            return fail(ExitCodes.REJECTED_INPUT, verification.message());
        }
        try {
            DeviceEnrolment.Enrolled enrolled = DeviceEnrolment.enrol(valid, config(), Clock.systemUTC());
            spec.commandLine().getOut().printf("doudi: enrolled as %s (%s) in township %s; device key %s; "
                            + "configuration %s. Start it with ./doudi run%n",
                    enrolled.bundle().device().deviceId(), enrolled.bundle().role().wireName(),
                    enrolled.bundle().device().township(), enrolled.deviceKey().keyId().value(), enrolled.configFile());
            return ExitCodes.OK;
        } catch (EnrolmentException e) {
            return fail(ExitCodes.FAILURE, e.getMessage());
        }
    }

    private Path config() {
        if (configFile != null) {
            return configFile;
        }
        String fromEnvironment = System.getenv(AgentConfig.CONFIG_FILE_ENV);
        return fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment) : AgentConfig.SYSTEM_CONFIG_FILE;
    }

    private Optional<BundleVerifier> verifier() {
        if (signer.keyFile != null) {
            Optional<String> pem = read(signer.keyFile, "--authority-key");
            if (pem.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(BundleVerifier.trusting(PemKeys.ed25519PublicKey(pem.get()), Clock.systemUTC()));
            } catch (IllegalArgumentException e) {
                fail(ExitCodes.USAGE, "--authority-key " + signer.keyFile + " is not an Ed25519 public key in PEM; "
                        + "give the office's provisioning.public.pem");
                return Optional.empty();
            }
        }
        try {
            return Optional.of(BundleVerifier.trustingKeyId(new KeyId(signer.keyId.strip()), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            fail(ExitCodes.USAGE, "--authority-id is not a key id: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<String> read(Path file, String what) {
        try {
            return Optional.of("-".equals(file.toString())
                    ? new String(System.in.readAllBytes(), StandardCharsets.US_ASCII)
                    : Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            fail(ExitCodes.USAGE, "cannot read " + what + " " + file + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    private static boolean isPicture(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp")
                || name.endsWith(".gif");
    }

    /** The bundle from a picture of its QR code, decoded as ./doudi decode would. */
    private Optional<String> scanned(Path picture) {
        DecodeResult result = BarcodeDecoder.allSymbologies(BarcodeDecoder.FILE_BUDGET).decodeFile(picture);
        return switch (result) {
            case DecodeResult.Decoded decoded -> Optional.of(decoded.code().text());
            case DecodeResult.NothingFound nothing -> {
                fail(ExitCodes.USAGE, "no code found in " + picture + ": photograph the QR code flat, filling the "
                        + "picture, in even light — or copy the .bundle file instead");
                yield Optional.empty();
            }
            case DecodeResult.Refused refused -> {
                fail(ExitCodes.USAGE, picture + ": " + refused.error().message());
                yield Optional.empty();
            }
        };
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println("doudi: not enrolled: " + message);
        return code;
    }
}

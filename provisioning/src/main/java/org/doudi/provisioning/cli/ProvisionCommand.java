package org.doudi.provisioning.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;
import org.doudi.app.Agent;
import org.doudi.cli.ExitCodes;
import org.doudi.credential.AssistanceCategory;
import org.doudi.credential.CardSerial;
import org.doudi.credential.KeyId;
import org.doudi.credential.TownshipCode;
import org.doudi.provisioning.authority.AuthorityError;
import org.doudi.provisioning.authority.AuthorityException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code provision}: the civil-affairs office's tool. It makes the office's keys, issues household
 * cards and signs the trust and revocation lists that devices load (cards.trust-list,
 * cards.revocation-list), runs the centre's inbox and shows the fleet. Commands and subcommands without
 * a subcommand are refused with their usage.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        versionProvider = ProvisionCommand.Version.class,
        description = {"Doudi office tool: the civil-affairs office's keys, household cards, trust and revocation lists; "
                + "the centre's inbox and the fleet view.",
            "Steps for the office: docs/credentials.md; the inbox: docs/inbox.md."},
        subcommands = {ProvisionCommand.AuthorityGroup.class, ProvisionCommand.CardGroup.class,
            ProvisionCommand.TrustListGroup.class, ProvisionCommand.RevocationListGroup.class, ProvisionCommand.DeviceGroup.class,
            ProvisionCommand.BrokerConfigGroup.class, InboxCommand.class, DevicesCommand.class, SendCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage, 3 input refused."})
public final class ProvisionCommand {

    @Command(name = "authority", mixinStandardHelpOptions = true,
            description = "The office's keys: trust root, card issuer, and the keys devices will be provisioned with.",
            subcommands = AuthorityInitCommand.class)
    static final class AuthorityGroup {
    }

    @Command(name = "card", mixinStandardHelpOptions = true, description = "Household cards (SA1: QR codes).",
            subcommands = CardIssueCommand.class)
    static final class CardGroup {
    }

    @Command(name = "trust-list", mixinStandardHelpOptions = true,
            description = "Signed lists of the card-issuer keys devices accept (cards.trust-list).",
            subcommands = TrustListSignCommand.class)
    static final class TrustListGroup {
    }

    @Command(name = "revocation-list", mixinStandardHelpOptions = true,
            description = "Signed lists of withdrawn card serials (cards.revocation-list).",
            subcommands = RevocationListSignCommand.class)
    static final class RevocationListGroup {
    }

    @Command(name = "device", mixinStandardHelpOptions = true,
            description = "Devices of the office: enrolment bundles (DE1:) for ./doudi enroll.",
            subcommands = DeviceAddCommand.class)
    static final class DeviceGroup {
    }

    @Command(name = "broker-config", mixinStandardHelpOptions = true,
            description = "A broker's files for the fleet: accounts, ACL, TLS certificates (docs/broker.md).",
            subcommands = BrokerConfigMosquittoCommand.class)
    static final class BrokerConfigGroup {
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"provision " + Agent.VERSION};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ProvisionCommand());
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        cl.registerConverter(TownshipCode.class, domain(TownshipCode::new));
        cl.registerConverter(CardSerial.class, domain(CardSerial::new));
        cl.registerConverter(KeyId.class, domain(KeyId::new));
        cl.registerConverter(AssistanceCategory.class, ProvisionCommand::category);
        cl.setExecutionExceptionHandler(ProvisionCommand::report);
        return cl;
    }

    /** A domain type's own rule becomes the flag's error message; the value itself is not repeated. */
    private static <T> CommandLine.ITypeConverter<T> domain(Function<String, T> constructor) {
        return value -> {
            try {
                return constructor.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** As written on the command line: the enum name in lower case with hyphens, e.g. low-income. */
    private static String flagName(AssistanceCategory category) {
        return category.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The flag names of all categories, for help texts ({@code ${COMPLETION-CANDIDATES}}) and errors. */
    static final class CategoryNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(AssistanceCategory.values()).map(ProvisionCommand::flagName).iterator();
        }
    }

    /** Accepts the flag name in any case, with - or _, or the Chinese short name (低保). */
    private static AssistanceCategory category(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(AssistanceCategory.values())
                .filter(c -> c.name().equals(name) || c.chineseName().equals(value.strip()))
                .findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not a category; use "
                        + String.join(", ", new CategoryNames()) + " (or 低保, 特困, …), comma-separated"));
    }

    /** Expected failures become one line and an exit code; anything else is a bug and keeps its stack trace. */
    private static int report(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        String message;
        int code;
        switch (e) {
            case AuthorityException failure -> {
                message = failure.error().message();
                code = exitCode(failure.error());
            }
            case CommandException failure -> {
                message = failure.error().message();
                code = exitCode(failure.error());
            }
            default -> throw e;
        }
        cl.getErr().println("provision: " + message);
        return code;
    }

    private static int exitCode(AuthorityError error) {
        return switch (error) {
            case AuthorityError.NoAuthority x -> ExitCodes.USAGE;
            case AuthorityError.AlreadyExists x -> ExitCodes.USAGE;
            case AuthorityError.NotEmpty x -> ExitCodes.USAGE;
            case AuthorityError.WeakPassphrase x -> ExitCodes.USAGE;
            case AuthorityError.PassphraseRequired x -> ExitCodes.USAGE;
            case AuthorityError.WrongPassphrase x -> ExitCodes.USAGE;
            case AuthorityError.SequenceNotIncreasing x -> ExitCodes.USAGE;
            case AuthorityError.DeviceExists x -> ExitCodes.USAGE;
            case AuthorityError.NoOwnerOnlyPermissions x -> ExitCodes.FAILURE;
            case AuthorityError.Damaged x -> ExitCodes.FAILURE;
            case AuthorityError.CannotRead x -> ExitCodes.FAILURE;
            case AuthorityError.CannotWrite x -> ExitCodes.FAILURE;
        };
    }

    private static int exitCode(CommandError error) {
        return switch (error) {
            case CommandError.OutputExists x -> ExitCodes.USAGE;
            case CommandError.CannotReadInput x -> ExitCodes.USAGE;
            case CommandError.EmptySecretFile x -> ExitCodes.USAGE;
            case CommandError.DuplicateKeyId x -> ExitCodes.USAGE;
            case CommandError.UnknownTownship x -> ExitCodes.USAGE;
            case CommandError.NotASerial x -> ExitCodes.REJECTED_INPUT;
            case CommandError.NotAnIssuerKey x -> ExitCodes.REJECTED_INPUT;
            case CommandError.RefusedByDevices x -> ExitCodes.REJECTED_INPUT;
            case CommandError.CannotWrite x -> ExitCodes.FAILURE;
            case CommandError.StoreUnavailable x -> ExitCodes.FAILURE;
            case CommandError.BrokerUnreachable x -> ExitCodes.FAILURE;
            case CommandError.NotPublished x -> ExitCodes.FAILURE;
            case CommandError.NoSealingKey x -> ExitCodes.REJECTED_INPUT;
        };
    }
}

package org.doudi.provisioning.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.doudi.config.Settings;
import org.doudi.link.LinkSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How the office's tools reach the broker: {@code --broker}, an account and the broker's CA, for inbox and devices. */
final class BrokerOptions {
    @Option(names = "--broker", required = true, split = ",", paramLabel = "URL",
            description = "The broker: tcp://host:port or ssl://host:port; several (comma-separated or repeated) are "
                    + "tried in order.")
    List<String> urls;

    @Option(names = "--username", paramLabel = "NAME",
            description = "The broker account, e.g. a central account from the broker files (docs/broker.md).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the account's password (kept out of the command line, which "
                    + "other users can see).")
    Path passwordFile;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "PEM file of the CA that signed the broker's certificate, for ssl:// brokers "
                    + "(default: the system's trust roots).")
    Path tlsCa;

    /** The URLs, each checked by the agent's own rule for broker.url. */
    List<String> urls(CommandSpec spec) {
        for (String url : urls) {
            String problem = Settings.BROKER_URL.rule().problemWith(url);
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), "--broker " + url + ": " + problem);
            }
        }
        return List.copyOf(urls);
    }

    /** The account, if one was given: username and the password from its file, which go together. */
    Optional<Account> account(CommandSpec spec) throws CommandException {
        if ((username == null) != (passwordFile == null)) {
            throw new ParameterException(spec.commandLine(), "--username and --password-file go together");
        }
        if (username == null) {
            return Optional.empty();
        }
        return Optional.of(new Account(username, AuthorityOptions.firstLine(passwordFile, "password")));
    }

    /** Server verification for ssl:// brokers; none for tcp:// ones. */
    Optional<LinkSettings.Tls> tls(CommandSpec spec) throws CommandException {
        boolean secured = urls.stream().anyMatch(url -> url.startsWith("ssl://"));
        if (!secured) {
            if (tlsCa != null) {
                throw new ParameterException(spec.commandLine(), "--tls-ca is for ssl:// brokers only");
            }
            return Optional.empty();
        }
        // Checked now: the link would report an unreadable file only as a failed connection attempt.
        if (tlsCa != null && !Files.isReadable(tlsCa)) {
            throw new CommandException(new CommandError.CannotReadInput(tlsCa, "not a readable file"));
        }
        return Optional.of(new LinkSettings.Tls(Optional.ofNullable(tlsCa), Optional.empty(), Optional.empty()));
    }

    /** A broker account; {@link #toString()} hides the password. */
    record Account(String username, String password) {
        @Override
        public String toString() {
            return "Account[" + username + ", password hidden]";
        }
    }
}

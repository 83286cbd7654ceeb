package org.doudi.provisioning.cli;

import java.nio.file.Path;
import java.util.Properties;
import org.doudi.central.ReceivedStore;
import org.doudi.central.postgres.PostgresReceivedStore;
import org.doudi.central.sqlite.SqliteReceivedStore;

/** Where {@code --store} keeps the inbox's records: a SQLite file or a schema in a PostgreSQL database. */
sealed interface StoreLocation {
    String FORMS = "sqlite:PATH or postgresql://host[:port]/database[?user=NAME]";

    /** Connects or opens; fails with {@code ReceivedStoreFailure}. */
    ReceivedStore open();

    /** For messages: never a user name or password. */
    String display();

    record SqliteFile(Path file) implements StoreLocation {
        @Override
        public ReceivedStore open() {
            return SqliteReceivedStore.open(file);
        }

        @Override
        public String display() {
            return "sqlite:" + file;
        }
    }

    /** @param jdbcUrl as given, with {@code jdbc:} in front; @param server host:port/database */
    record PostgresSchema(String jdbcUrl, String server, String schema) implements StoreLocation {
        @Override
        public ReceivedStore open() {
            return PostgresReceivedStore.open(jdbcUrl, schema);
        }

        @Override
        public String display() {
            return "postgresql://" + server + " (schema " + schema + ")";
        }
    }

    /**
     * Reads a {@code --store} value; the message of the {@link IllegalArgumentException} says what is wrong
     * without repeating the value, which may hold a password.
     *
     * @param schema the PostgreSQL schema, or null for the default; refused for a SQLite file
     */
    static StoreLocation parse(String value, String schema) {
        if (value.startsWith("sqlite:")) {
            if (schema != null) {
                throw new IllegalArgumentException("--schema is for a PostgreSQL store only");
            }
            String path = value.substring("sqlite:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("--store sqlite: needs a file path, e.g. sqlite:/var/lib/doudi/inbox.db");
            }
            return new SqliteFile(Path.of(path));
        }
        if (value.startsWith("postgresql://")) {
            String name = schema == null ? PostgresReceivedStore.DEFAULT_SCHEMA : schema;
            if (!PostgresReceivedStore.isValidSchemaName(name)) {
                throw new IllegalArgumentException("--schema must be " + PostgresReceivedStore.SCHEMA_NAME_RULE);
            }
            String jdbcUrl = "jdbc:" + value;
            Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
            if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
                throw new IllegalArgumentException("--store is not a PostgreSQL URL: use " + FORMS);
            }
            if (parsed.containsKey("password")) {
                throw new IllegalArgumentException("--store must not carry a password, which anyone on this machine "
                        + "could read in the process list: put it in ~/.pgpass (or the file PGPASSFILE names)");
            }
            String server = parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/"
                    + parsed.getProperty("PGDBNAME");
            return new PostgresSchema(jdbcUrl, server, name);
        }
        throw new IllegalArgumentException("--store must be " + FORMS);
    }
}

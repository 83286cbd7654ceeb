package org.doudi.central.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.doudi.central.ReceivedStore;
import org.doudi.central.ReceivedStoreContract;
import org.doudi.central.ReceivedStoreFailure;
import org.doudi.central.StoreResult;
import org.doudi.central.TestEnvelopes;
import org.doudi.protocol.EnvelopeCodec;
import org.doudi.record.Envelope;
import org.doudi.testsupport.LocalPorts;
import org.doudi.testsupport.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the PostgreSQL server on 127.0.0.1:5432 (trust authentication, database
 * {@code test}, role {@code postgres}), each test in a schema of its own that is dropped afterwards;
 * skipped with the reason where that server is absent, required in CI. The application name is unique
 * per test too, so the test that cuts the store's connection cuts only its own.
 */
class PostgresReceivedStoreTest extends ReceivedStoreContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String schema = "doudi_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String applicationName = "doudi-test-" + UUID.randomUUID();
    private final String storeUrl = SERVER + "&ApplicationName=" + applicationName;
    private Connection admin;

    @BeforeEach
    void connect() {
        String problem = null;
        try {
            admin = DriverManager.getConnection(SERVER);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        Prerequisites.require(admin != null,
                "PostgreSQL not reachable as postgres@127.0.0.1:5432/test (" + problem + ") — skipped");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (admin == null) {
            return;
        }
        try (Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            admin.close();
        }
    }

    @Override
    protected ReceivedStore openStore() {
        return PostgresReceivedStore.open(storeUrl, schema);
    }

    @Override
    protected void writeANewerSchemaVersion() throws SQLException {
        openStore().close();
        try (Statement s = admin.createStatement()) {
            s.execute("UPDATE " + schema + ".schema_version SET version = " + (PostgresReceivedStore.SCHEMA_VERSION + 1));
        }
    }

    @Test
    void theTablesLiveInTheNamedSchemaAndKeepTheExactBytes() throws SQLException {
        Envelope e = TestEnvelopes.envelope(DEVICE, 1);
        byte[] raw = EnvelopeCodec.encode(e);
        try (ReceivedStore store = openStore()) {
            store.store(e, raw);
        }
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        assertThat(tables).containsExactly("conflicts", "records", "schema_version");
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_id, seq, envelope FROM " + schema + ".records")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(e.recordId());
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getBytes(3)).isEqualTo(raw);
        }
    }

    @Test
    void aConnectionTheServerEndedIsReplacedWithoutLosingTheBatch() throws SQLException {
        try (ReceivedStore store = openStore()) {
            assertThat(store(store, TestEnvelopes.envelope(DEVICE, 1))).isEqualTo(StoreResult.NEW);
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, applicationName);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("the store's connection was found").isTrue();
                }
            }
            assertThat(store(store, TestEnvelopes.envelope(DEVICE, 2))).isEqualTo(StoreResult.NEW);
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    void aSchemaNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> PostgresReceivedStore.open(storeUrl, "inbox; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreachableServerIsAStoreFailureNamingNoPassword() {
        int closedPort = LocalPorts.free();
        assertThatThrownBy(() -> PostgresReceivedStore.open(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/test?user=postgres&password=s3cret", schema))
                .isInstanceOf(ReceivedStoreFailure.class)
                .hasMessageContaining("cannot open")
                .hasMessageNotContaining("s3cret");
    }
}

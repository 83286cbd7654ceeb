package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: the claim must walk the send_order index, not sort the whole backlog. With the planner's
 * own choice (an index on state, then a temporary B-tree for ORDER BY) a 100,000-record drain ran at
 * 283/s. Marking records published must look their rows up by seq, not scan.
 */
class ClaimQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void everyClaimQueryWalksTheSendOrderIndexWithoutSorting() throws Exception {
        try (Connection c = SqliteConnections.open(dir.resolve("outbox.db").toString(),
                SqliteConnections.Durability.NORMAL, 0, false)) {
            SqliteSchema.createOrMigrate(c);
            for (String query : List.of(SqliteOutbox.CLAIM_SKIPPING_SENDING, SqliteOutbox.CLAIM_MORE_URGENT,
                    SqliteOutbox.CLAIM_RESUMING, SqliteOutbox.CLAIM_LATER_PRIORITIES)) {
                List<String> plan = plan(c, query.replace("json_each(?)", "json_each('[1,2,3]')").replace("?", "3"));
                // Only the claim that skips the records being sent walks from the front; the others
                // start where their rows are.
                String walk = query.equals(SqliteOutbox.CLAIM_SKIPPING_SENDING) ? "SCAN" : "SEARCH";
                assertThat(plan).as(query).anyMatch(step -> step.matches(walk + " p USING (COVERING )?INDEX send_order.*"));
                assertThat(plan).as(query).noneMatch(step -> step.contains("TEMP B-TREE"));
            }
        }
    }

    @Test
    void markingPublishedLooksRowsUpBySeq() throws Exception {
        try (Connection c = SqliteConnections.open(dir.resolve("outbox.db").toString(),
                SqliteConnections.Durability.NORMAL, 0, false)) {
            SqliteSchema.createOrMigrate(c);
            List<String> plan = plan(c, SqliteOutbox.MARK_PUBLISHED.replace("published_at = ?", "published_at = 1")
                    .replace("?", "'[1,2,3]'"));
            assertThat(plan).anyMatch(step -> step.contains("SEARCH progress USING INTEGER PRIMARY KEY"));
            assertThat(plan).noneMatch(step -> step.startsWith("SCAN progress"));
        }
    }

    private static List<String> plan(Connection c, String sql) throws Exception {
        List<String> plan = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.add(rs.getString("detail"));
            }
        }
        return plan;
    }
}

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
 * own choice (by_state, then a temporary B-tree for ORDER BY) a 100,000-record drain ran at 283/s.
 */
class ClaimQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void claimWalksTheSendOrderIndexWithoutSorting() throws Exception {
        try (Connection c = SqliteConnections.open(dir.resolve("outbox.db").toString(),
                SqliteConnections.Durability.NORMAL, 0, false)) {
            SqliteSchema.createOrMigrate(c);
            List<String> plan = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + SqliteOutbox.CLAIM_IN_SEND_ORDER.replace("?", "32"))) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
            assertThat(plan).anyMatch(step -> step.matches(".*USING (COVERING )?INDEX send_order.*"));
            assertThat(plan).noneMatch(step -> step.contains("TEMP B-TREE"));
        }
    }
}

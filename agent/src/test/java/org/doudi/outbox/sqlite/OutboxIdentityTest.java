package org.doudi.outbox.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.doudi.outbox.IdentityMismatch;
import org.doudi.record.DeviceIdentity;
import org.doudi.testsupport.TestOutboxes;
import org.doudi.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxIdentityTest {
    @TempDir
    Path dir;

    private SqliteOutbox open(Optional<String> id, Optional<String> township) throws Exception {
        return OutboxOpener.open(TestOutboxes.options(dir), id, township, true).outbox();
    }

    @Test
    void storedIdentityWinsWhenNothingIsConfigured() throws Exception {
        try (SqliteOutbox o = open(Optional.of("kiosk-0042"), Optional.of("110101001"))) {
            o.append(List.of(new TestRecords(1).application()));
        }
        try (SqliteOutbox o = open(Optional.empty(), Optional.empty())) {
            assertThat(o.identity()).isEqualTo(new DeviceIdentity("kiosk-0042", "110101001"));
            o.append(List.of(new TestRecords(2).application()));
            var envelopes = o.claim(10).stream().map(x -> TestRecords.decode(x.envelope())).toList();
            assertThat(envelopes).allSatisfy(e -> {
                assertThat(e.deviceId()).isEqualTo("kiosk-0042");
                assertThat(e.township()).isEqualTo("110101001");
            });
        }
        // The same values configured again are fine.
        try (SqliteOutbox o = open(Optional.of("kiosk-0042"), Optional.of("110101001"))) {
            assertThat(o.identity().deviceId()).isEqualTo("kiosk-0042");
        }
    }

    @Test
    void aDifferentConfiguredDeviceIdOrTownshipIsRefused() throws Exception {
        open(Optional.of("kiosk-0042"), Optional.of("110101001")).close();
        assertThatThrownBy(() -> open(Optional.of("kiosk-0043"), Optional.empty()))
                .isInstanceOf(IdentityMismatch.class)
                .hasMessageContaining("kiosk-0042")
                .hasMessageContaining("kiosk-0043");
        assertThatThrownBy(() -> open(Optional.of("kiosk-0042"), Optional.of("110101002")))
                .isInstanceOf(IdentityMismatch.class)
                .hasMessageContaining("110101002");
        // Refusing changed nothing.
        try (SqliteOutbox o = open(Optional.empty(), Optional.empty())) {
            assertThat(o.identity()).isEqualTo(new DeviceIdentity("kiosk-0042", "110101001"));
        }
    }

    @Test
    void aGeneratedIdIsValidAndPersistsAcrossReopen() throws Exception {
        DeviceIdentity first;
        try (SqliteOutbox o = open(Optional.empty(), Optional.empty())) {
            first = o.identity();
        }
        assertThat(DeviceIdentity.isValidDeviceId(first.deviceId())).as(first.deviceId()).isTrue();
        assertThat(first.township()).isEqualTo(OutboxOpener.UNASSIGNED_TOWNSHIP);
        try (SqliteOutbox o = open(Optional.empty(), Optional.empty())) {
            assertThat(o.identity()).isEqualTo(first);
        }
        try (SqliteOutbox o = open(Optional.of(first.deviceId()), Optional.empty())) {
            assertThat(o.identity()).isEqualTo(first);
        }
    }

    @Test
    void generatedIdsDifferBetweenDevices(@TempDir Path other) throws Exception {
        String a;
        String b;
        try (SqliteOutbox o = open(Optional.empty(), Optional.empty())) {
            a = o.identity().deviceId();
        }
        try (SqliteOutbox o = OutboxOpener.open(TestOutboxes.options(other), Optional.empty(), Optional.empty(), true)
                .outbox()) {
            b = o.identity().deviceId();
        }
        assertThat(a).isNotEqualTo(b);
    }
}

package org.doudi.provisioning.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.doudi.credential.ListCheck;
import org.doudi.provisioning.authority.Authority;
import org.doudi.provisioning.authority.AuthorityException;
import org.doudi.provisioning.authority.PublishedList;
import org.doudi.provisioning.files.OfficeFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where a signed list goes and its sequence number; shared by trust-list sign and revocation-list sign. */
final class ListOutput {
    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The signed list to write; an older list there is replaced in one step.")
    Path out;

    @Option(names = "--sequence", paramLabel = "N",
            description = "Sequence number of the list. Default: one above the last list of this kind the authority "
                    + "signed (it remembers them in lists.properties); give it only if that record was lost.")
    Long sequence;

    long sequence(CommandSpec spec, Authority authority, PublishedList list) throws AuthorityException {
        if (sequence != null && sequence < 1) {
            throw new ParameterException(spec.commandLine(), "--sequence must be 1 or more");
        }
        return authority.nextSequence(list, sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence));
    }

    /**
     * Writes the list once {@code asDevicesSeeIt} — the check a device runs on it — has accepted it, and
     * then records its sequence number.
     */
    void publish(Authority authority, PublishedList list, long listSequence, byte[] signed, ListCheck<?> asDevicesSeeIt)
            throws AuthorityException, CommandException {
        if (asDevicesSeeIt instanceof ListCheck.Refused<?> refused) {
            throw new CommandException(new CommandError.RefusedByDevices(list, refused.problem(), refused.detail()));
        }
        try {
            OfficeFiles.replace(out, signed);
        } catch (IOException e) {
            throw new CommandException(new CommandError.CannotWrite(out, OfficeFiles.reason(e)));
        }
        authority.recordPublished(list, listSequence);
    }
}

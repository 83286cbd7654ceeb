package org.doudi.central;

import java.util.List;
import org.doudi.record.DeviceIdentity;
import org.doudi.record.SeqRange;

/** The seq ranges of one device that are stored, lowest first; enough to rebuild its ack after a restart. */
public record DeviceProgress(DeviceIdentity device, List<SeqRange> received) {
    public DeviceProgress {
        received = List.copyOf(received);
    }
}

package dev.tern.store;

import java.util.List;

/**
 * The UIDs of a COPY or MOVE in source order and the UIDs they got in the target, pairwise: what COPYUID
 * (RFC 4315 §3) reports. Source UIDs that did not exist are left out of both lists.
 */
public record CopyResult(UidValidity targetUidValidity, List<Uid> sourceUids, List<Uid> targetUids) {
    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        targetUids = List.copyOf(targetUids);
        if (sourceUids.size() != targetUids.size()) throw new IllegalArgumentException("UID lists differ in length");
    }
}

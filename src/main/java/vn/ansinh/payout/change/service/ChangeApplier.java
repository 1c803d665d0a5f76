package vn.ansinh.payout.change.service;

import java.util.Set;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.change.ChangeRequest;
import vn.ansinh.payout.security.Caller;

/**
 * Writes an approved change where it takes effect. Each feature applies its own kinds, in its own
 * transaction, and marks the request applied in that same transaction ({@link ChangeRequests#claim} or
 * {@link ChangeRequests#claimOn}), so a change is applied exactly once or not at all.
 */
public interface ChangeApplier {

    Set<ChangeRequest.Kind> kinds();

    /** Applies the pending request for the checker (already cleared by the separation-of-duties rule). */
    Uni<ChangeRequest> apply(java.util.UUID requestId, Caller checker, String note);
}

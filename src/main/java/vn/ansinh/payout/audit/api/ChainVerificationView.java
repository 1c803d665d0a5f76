package vn.ansinh.payout.audit.api;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AuditChainVerification", description = "Result of recomputing the audit chain's hashes")
public record ChainVerificationView(
        @Schema(description = "Entries in the trail") long entriesChecked,
        @Schema(description = "True when no entry was changed, removed or re-linked") boolean intact,
        @Schema(description = "The first breaks found (at most 100): CONTENT_CHANGED, LINK_BROKEN, ENTRY_MISSING") List<Break> breaks,
        OffsetDateTime checkedAt) {

    @Schema(name = "AuditChainBreak")
    public record Break(long seq, String reason) {
    }
}

package vn.ansinh.payout.change.api;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.change.ChangeRequest;

@Schema(name = "ChangeRequest", description = "A change that takes effect only once a second person has checked it "
        + "(maker-checker). PENDING_CHECK: stored, not in force, not seen by any payroll; APPLIED: approved by "
        + "`checkedBy` (never the maker) and written; REJECTED: refused by `checkedBy`, nothing written.")
public record ChangeRequestView(UUID id,
        @Schema(enumeration = { "STATUS_CHANGE", "MOVE", "REPRESENTATIVE", "REROUTE", "CARRY_OVER" }) String kind,
        @Schema(enumeration = { "beneficiary", "payment_cycle", "payment_line" }, description = "beneficiary (status changes, moves, representatives), payment_cycle (carry-overs) or payment_line (re-routes; entityId is the line reference)") String entityType,
        String entityId, String areaCode,
        @Schema(enumeration = { "PENDING_CHECK", "APPLIED", "REJECTED" }) String state,
        @Schema(description = "Who asked for the change (token subject)") String madeBy, OffsetDateTime madeAt,
        @Schema(description = "Who checked it (token subject); absent while PENDING_CHECK") String checkedBy,
        OffsetDateTime checkedAt, String checkNote,
        @Schema(description = "What the checker is shown: the change, identifiers masked", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT, additionalProperties = Schema.True.class)
        Map<String, Object> summary,
        @Schema(description = "Id of what the approval wrote (status change, move, representative), once APPLIED") String resultId) {

    public static ChangeRequestView of(ChangeRequest r, Map<String, Object> summary) {
        return new ChangeRequestView(r.id, r.kind.name(), r.entityType, r.entityId, r.areaCode, r.state.name(), r.madeBy,
                r.madeAt, r.checkedBy, r.checkedAt, r.checkNote, summary, r.resultId);
    }
}

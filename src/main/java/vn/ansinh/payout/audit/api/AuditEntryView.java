package vn.ansinh.payout.audit.api;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.ansinh.payout.audit.AuditEntry;
import vn.ansinh.payout.common.Clock;

@Schema(name = "AuditEntry", description = "One entry of the hash-chained audit trail")
public record AuditEntryView(
        @Schema(description = "Position in the chain, gapless", example = "42") long seq,
        @Schema(description = "When, in Asia/Ho_Chi_Minh") OffsetDateTime occurredAt,
        @Schema(description = "The token subject of the actor", example = "c0a8012e-7f4b-4c1a-9b1e-5d6f7a8b9c0d") String actor,
        @Schema(example = "admin") String actorRoles,
        String requestId,
        @Schema(example = "AREA_CREATED") String action,
        @Schema(example = "area") String entityType,
        String entityId,
        String areaCode,
        @Schema(description = "Changed fields {field: {before, after}} or details of a read", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)
        JsonNode changes,
        @Schema(description = "SHA-256 of the previous entry (hex)") String prevHash,
        @Schema(description = "SHA-256 of this entry's content and prevHash (hex)") String hash) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static AuditEntryView of(AuditEntry e) {
        return new AuditEntryView(e.seq, e.occurredAt == null ? null : e.occurredAt.atZoneSameInstant(Clock.ZONE).toOffsetDateTime(),
                e.actorSub, e.actorRoles, e.requestId, e.action, e.entityType, e.entityId, e.areaCode, parse(e.changes),
                e.prevHash, e.hash);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry holds invalid JSON", e);
        }
    }
}

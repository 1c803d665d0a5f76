package vn.ansinh.payout.audit.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.audit.AuditEntry;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.security.Caller;

/**
 * Writes the audit trail. Call it inside the transaction of the change being recorded (from a
 * {@code @WithTransaction} service method): the entry and the change commit or fail together.
 * Values of identifiers of people should be passed masked; the trail records that a field changed,
 * and its masked before/after, never a raw national ID or account number.
 */
@ApplicationScoped
public class AuditTrail {

    private final ObjectMapper json;
    private final Clock clock;

    public AuditTrail(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public Uni<Void> recordCreated(Caller caller, String action, String entityType, String entityId,
            String areaCode, Map<String, ?> created) {
        Map<String, Object> changes = new LinkedHashMap<>();
        created.forEach((field, value) -> changes.put(field, change(null, value)));
        return write(caller, action, entityType, entityId, areaCode, changes);
    }

    /** Records only the fields whose value differs between before and after. */
    public Uni<Void> recordChanged(Caller caller, String action, String entityType, String entityId,
            String areaCode, Map<String, ?> before, Map<String, ?> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        TreeSet<String> fields = new TreeSet<>(before.keySet());
        fields.addAll(after.keySet());
        for (String field : fields) {
            Object b = before.get(field);
            Object a = after.get(field);
            if (!Objects.equals(b, a)) {
                changes.put(field, change(b, a));
            }
        }
        return write(caller, action, entityType, entityId, areaCode, changes);
    }

    /** Records a read of sensitive data (evidence, an export, an unmasked identifier). */
    public Uni<Void> recordRead(Caller caller, String action, String entityType, String entityId,
            String areaCode, Map<String, ?> details) {
        return write(caller, action, entityType, entityId, areaCode, details);
    }

    /** One entry of a set-based write (imports): recorded through the caller's own SQL connection and transaction. */
    public record BatchEntry(String action, String entityType, String entityId, String areaCode, Map<String, ?> changes) {
    }

    /**
     * Records many entries in the transaction of {@code connection} (bulk work that runs on the reactive
     * SQL client rather than Hibernate). The chain trigger links them in order, as for single entries.
     */
    public Uni<Void> recordBatch(io.vertx.mutiny.sqlclient.SqlConnection connection, Caller caller,
            java.util.List<BatchEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        java.util.List<io.vertx.mutiny.sqlclient.Tuple> rows = new java.util.ArrayList<>(entries.size());
        java.time.OffsetDateTime at = clock.offsetNow();
        for (BatchEntry e : entries) {
            try {
                rows.add(io.vertx.mutiny.sqlclient.Tuple.from(java.util.Arrays.asList(caller.subject(), caller.rolesText(),
                        caller.requestId(), e.action(), e.entityType(), e.entityId(), e.areaCode(),
                        e.changes() == null ? null : json.writeValueAsString(e.changes()), at)));
            } catch (JsonProcessingException ex) {
                return Uni.createFrom().failure(ex);
            }
        }
        return connection.preparedQuery("""
                insert into audit_entry (actor_sub, actor_roles, request_id, action, entity_type, entity_id, area_code, changes,
                                         occurred_at)
                values ($1, $2, $3, $4, $5, $6, $7, cast($8::text as jsonb), $9)""")
                .executeBatch(rows).replaceWithVoid();
    }

    private static Map<String, Object> change(Object before, Object after) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("before", before);
        c.put("after", after);
        return c;
    }

    private Uni<Void> write(Caller caller, String action, String entityType, String entityId, String areaCode,
            Map<String, ?> changes) {
        AuditEntry entry = new AuditEntry();
        entry.occurredAt = clock.offsetNow();
        entry.actorSub = caller.subject();
        entry.actorRoles = caller.rolesText();
        entry.requestId = caller.requestId();
        entry.action = action;
        entry.entityType = entityType;
        entry.entityId = entityId;
        entry.areaCode = areaCode;
        try {
            entry.changes = changes == null || changes.isEmpty() ? null : json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return entry.persist().replaceWithVoid();
    }
}

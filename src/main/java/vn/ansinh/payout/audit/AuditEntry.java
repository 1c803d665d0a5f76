package vn.ansinh.payout.audit;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One entry of the append-only audit trail (nhật ký kiểm tra). The database assigns {@code seq},
 * {@code occurredAt}, {@code prevHash} and {@code hash} when the row is inserted (trigger
 * audit_entry_chain), inside the transaction of the change it records.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "occurred_at", updatable = false)
    public OffsetDateTime occurredAt;

    @Column(name = "actor_sub", updatable = false)
    public String actorSub;

    @Column(name = "actor_roles", updatable = false)
    public String actorRoles;

    @Column(name = "request_id", updatable = false)
    public String requestId;

    @Column(updatable = false)
    public String action;

    @Column(name = "entity_type", updatable = false)
    public String entityType;

    @Column(name = "entity_id", updatable = false)
    public String entityId;

    @Column(name = "area_code", updatable = false)
    public String areaCode;

    /** Changed fields as JSON: {"field": {"before": …, "after": …}}, or details of a read. */
    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "changes::text", write = "cast(cast(? as text) as jsonb)")
    public String changes;

    @Column(name = "prev_hash", insertable = false, updatable = false)
    public String prevHash;

    @Column(insertable = false, updatable = false)
    public String hash;
}

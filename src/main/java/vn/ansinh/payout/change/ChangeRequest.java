package vn.ansinh.payout.change;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * A change that waits for a second person's check (maker-checker) before it is written where payrolls
 * read it. The payload is the maker's request as sent; the summary is what the checker is shown, with
 * identifiers masked.
 */
@Entity
@Table(name = "change_request")
public class ChangeRequest extends PanacheEntityBase {

    public enum Kind {
        STATUS_CHANGE(SeparationOfDuties.Step.STATUS_CHANGE),
        MOVE(SeparationOfDuties.Step.MOVE),
        REPRESENTATIVE(SeparationOfDuties.Step.REPRESENTATIVE),
        REROUTE(SeparationOfDuties.Step.REROUTE),
        CARRY_OVER(SeparationOfDuties.Step.CARRY_OVER);

        public final SeparationOfDuties.Step step;

        Kind(SeparationOfDuties.Step step) {
            this.step = step;
        }
    }

    public enum State { PENDING_CHECK, APPLIED, REJECTED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public Kind kind;

    @Column(name = "entity_type", updatable = false)
    public String entityType;

    @Column(name = "entity_id", updatable = false)
    public String entityId;

    @Column(name = "area_code", updatable = false)
    public String areaCode;

    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "payload::text", write = "cast(cast(? as text) as jsonb)")
    public String payload;

    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "summary::text", write = "cast(cast(? as text) as jsonb)")
    public String summary;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "made_by", updatable = false)
    public String madeBy;

    @Column(name = "made_at", insertable = false, updatable = false)
    public OffsetDateTime madeAt;

    @Column(name = "checked_by")
    public String checkedBy;

    @Column(name = "checked_at")
    public OffsetDateTime checkedAt;

    @Column(name = "check_note")
    public String checkNote;

    @Column(name = "result_id")
    public String resultId;
}

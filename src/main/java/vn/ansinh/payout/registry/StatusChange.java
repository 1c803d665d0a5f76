package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A dated change of a beneficiary's status (tạm dừng / thôi hưởng / hưởng lại): history, never an overwrite. */
@Entity
@Table(name = "beneficiary_status_change")
public class StatusChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    @Column(name = "from_status")
    public String fromStatus;

    @Column(name = "to_status")
    public String toStatus;

    public String reason;

    @Column(name = "effective_month")
    public LocalDate effectiveMonth;

    public String note;

    @Column(name = "decided_by")
    public String decidedBy;

    /** Who checked the change (never its maker, {@code decidedBy}); null on rows from before maker-checker. */
    @Column(name = "checked_by")
    public String checkedBy;

    @Column(name = "recorded_at", insertable = false, updatable = false)
    public OffsetDateTime recordedAt;
}

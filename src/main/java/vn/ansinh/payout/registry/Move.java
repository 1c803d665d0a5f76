package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A beneficiary's move from one commune to another (chuyển nơi cư trú), kept as history. */
@Entity
@Table(name = "beneficiary_move")
public class Move extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    @Column(name = "from_commune")
    public String fromCommune;

    @Column(name = "to_commune")
    public String toCommune;

    @Column(name = "from_address")
    public String fromAddress;

    @Column(name = "to_address")
    public String toAddress;

    @Column(name = "effective_month")
    public LocalDate effectiveMonth;

    @Column(name = "decided_by")
    public String decidedBy;

    /** Who checked the move (never its maker); null on rows from before maker-checker. */
    @Column(name = "checked_by")
    public String checkedBy;

    @Column(name = "recorded_at", insertable = false, updatable = false)
    public OffsetDateTime recordedAt;
}

package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A decision entitling a beneficiary to an allowance of a program and category, from a month. */
@Entity
@Table(name = "entitlement")
public class Entitlement extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    @Enumerated(EnumType.STRING)
    public Program program;

    @Column(name = "category_code")
    public String categoryCode;

    public String variant;

    @Column(name = "children_count")
    public int childrenCount;

    @Column(name = "decision_number")
    public String decisionNumber;

    @Column(name = "decision_date")
    public LocalDate decisionDate;

    /** First day of the start month. */
    @Column(name = "start_month")
    public LocalDate startMonth;

    /** First day of the last paid month, or null. */
    @Column(name = "end_month")
    public LocalDate endMonth;
}

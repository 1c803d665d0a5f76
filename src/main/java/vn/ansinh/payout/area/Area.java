package vn.ansinh.payout.area;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An administrative unit (đơn vị hành chính): province, district or commune. The tree is data:
 * {@code parentCode} links a unit to the one above it and {@code path} (kept by the database)
 * lists every ancestor, which is what jurisdiction checks use.
 */
@Entity
@Table(name = "area")
public class Area extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    @Column(name = "name_folded", insertable = false, updatable = false)
    public String nameFolded;

    @Enumerated(EnumType.STRING)
    public AreaLevel level;

    @Column(name = "unit_type")
    public String unitType;

    @Column(name = "parent_code")
    public String parentCode;

    @Column(insertable = false, updatable = false)
    public String path;

    @Column(name = "valid_from")
    public LocalDate validFrom;

    @Column(name = "valid_to")
    public LocalDate validTo;

    /** A merged unit: the one that took it over (set with validTo by a merger). */
    @Column(name = "successor_code")
    public String successorCode;
}

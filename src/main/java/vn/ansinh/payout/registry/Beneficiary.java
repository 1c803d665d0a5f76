package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A social-protection beneficiary (đối tượng bảo trợ xã hội). Identity rules: domain.md §5. */
@Entity
@Table(name = "beneficiary")
public class Beneficiary extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "national_id")
    public String nationalId;

    @Column(name = "national_id_kind")
    public String nationalIdKind;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "name_folded", insertable = false, updatable = false)
    public String nameFolded;

    @Column(name = "date_of_birth")
    public LocalDate dateOfBirth;

    public String sex;

    @Column(name = "commune_code")
    public String communeCode;

    /** The old (pre-2025) district and commune the record came with, kept as history (V30); null for most. */
    @Column(name = "legacy_district_code")
    public String legacyDistrictCode;

    @Column(name = "legacy_commune_code")
    public String legacyCommuneCode;

    @Column(name = "address_line")
    public String addressLine;

    @Column(name = "phone_e164")
    public String phoneE164;

    public String mobility;

    public String status;

    /** Optimistic concurrency: the ETag of the resource. */
    @Version
    public long version;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}

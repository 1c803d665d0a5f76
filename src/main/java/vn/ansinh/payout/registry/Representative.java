package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A guardian (người giám hộ) or authorized person (người được ủy quyền). May receive only while valid
 * and once the commune has confirmed the authorization.
 */
@Entity
@Table(name = "representative")
public class Representative extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    public String kind;

    @Column(name = "national_id")
    public String nationalId;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "phone_e164")
    public String phoneE164;

    public String relationship;

    @Column(name = "valid_from")
    public LocalDate validFrom;

    @Column(name = "valid_to")
    public LocalDate validTo;

    @Column(name = "authorization_ref")
    public String authorizationRef;

    @Column(name = "confirmed_by")
    public String confirmedBy;

    /** Who asked for it (the maker); {@code confirmedBy} is the checker, never the same person. */
    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;

    /** Whether this person may receive payments on the given day. */
    public boolean mayReceiveOn(LocalDate day) {
        return confirmedAt != null && !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}

package vn.ansinh.payout.registration;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A field registration of a beneficiary's payment method (đăng ký phương thức chi trả), as submitted
 * from a phone and then verified by the commune. The payload is kept as sent.
 */
@Entity
@Table(name = "registration")
public class Registration extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "payload_hash", updatable = false)
    public String payloadHash;

    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(read = "payload::text", write = "cast(cast(? as text) as jsonb)")
    public String payload;

    public String state;

    @Column(name = "commune_code")
    public String communeCode;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    public String method;

    @Column(name = "submitted_by", updatable = false)
    public String submittedBy;

    @Column(name = "submitted_at", insertable = false, updatable = false)
    public OffsetDateTime submittedAt;

    @Column(name = "device_time", updatable = false)
    public OffsetDateTime deviceTime;

    public Double latitude;

    public Double longitude;

    @Column(name = "gps_accuracy_m")
    public Double gpsAccuracyM;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "checks::text", write = "cast(cast(? as text) as jsonb)")
    public String checks;

    /** How old area codes given with a new person were mapped to the 2025 commune (AreaMapping JSON), or null. */
    @Column(name = "area_mapping", columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(read = "area_mapping::text", write = "cast(cast(? as text) as jsonb)")
    public String areaMapping;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "decision_reasons", columnDefinition = "text[]")
    public String[] decisionReasons;

    @Version
    public long version;
}

package vn.ansinh.payout.delivery.api;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.delivery.repository.DeliveryRepository;
import vn.ansinh.payout.delivery.service.DeliveryService;

/** Request and response bodies of /api/v1/deliveries. */
public final class DeliveryViews {

    private DeliveryViews() {
    }

    @Schema(name = "Delivery", description = "A home delivery: what the field officer needs at the door, and no more "
            + "(the national ID shows its last 4 digits; no category, health or disability data)")
    public record DeliveryView(UUID id, UUID cycleId, String cycleCode, YearMonth month, String reference, int attempt,
            String communeCode, long amountVnd,
            @Schema(enumeration = { "OPEN", "DELIVERED", "FAILED", "CANCELLED" }) String status, String assignedTo,
            OffsetDateTime assignedAt, Person beneficiary, Representative representative, int visits,
            @Schema(enumeration = { "DELIVERED", "NOT_HOME", "REFUSED", "DECEASED", "MOVED", "RECIPIENT_UNABLE" }) String lastOutcome) {

        static DeliveryView of(DeliveryRepository.Delivery d) {
            return new DeliveryView(d.id(), d.cycleId(), d.cycleCode(), YearMonth.from(d.month()),
                    d.cycleCode() + "-" + d.lineNo(), d.attempt(), d.communeCode(), d.amountVnd(), d.status(), d.assignedTo(),
                    d.assignedAt(), new Person(d.beneficiaryId(), d.fullName(), PiiMasker.maskIdentifier(d.nationalId()),
                            d.address(), d.phone()),
                    d.representativeName() == null ? null
                            : new Representative(d.representativeName(), d.representativePhone(), d.representativeRelationship()),
                    d.visits(), d.lastOutcome());
        }
    }

    public record Person(UUID id, String fullName,
            @Schema(description = "Masked: only the last 4 digits", example = "********6789") String nationalIdMasked,
            String address, String phone) {
    }

    @Schema(name = "DeliveryRepresentative", description = "The confirmed representative in force, who may receive the cash")
    public record Representative(String fullName, String phone, String relationship) {
    }

    @Schema(name = "DeliveryDetail")
    public record DetailView(DeliveryView delivery, List<ConfirmationView> confirmations) {

        static DetailView of(DeliveryService.Detail d, boolean withFlags) {
            return new DetailView(DeliveryView.of(d.delivery()),
                    d.confirmations().stream().map(r -> ConfirmationView.of(r, withFlags)).toList());
        }
    }

    @Schema(name = "DeliveryConfirmation")
    public record ConfirmationView(UUID id, UUID deliveryId,
            @Schema(enumeration = { "DELIVERED", "NOT_HOME", "REFUSED", "DECEASED", "MOVED", "RECIPIENT_UNABLE" }) String outcome, boolean closesDelivery,
            @Schema(enumeration = { "BENEFICIARY", "REPRESENTATIVE", "NONE" }) String recipient,
            UUID representativeId, long amountVnd, OffsetDateTime capturedAt, OffsetDateTime deviceSentAt,
            @Schema(description = "Where the phone was; officers and auditors only") Position position,
            String note, String confirmedBy, OffsetDateTime receivedAt, List<PhotoView> photos,
            @Schema(description = "Fraud signals for review; absent for field officers") List<FlagView> flags) {

        static ConfirmationView of(DeliveryService.Recorded r, boolean withFlags) {
            DeliveryRepository.Confirmation x = r.confirmation();
            return new ConfirmationView(x.id(), x.deliveryId(), x.outcome(), x.isFinal(), x.recipient(), x.representativeId(),
                    x.amountVnd(), x.capturedAt(), x.deviceSentAt(),
                    // positions (the beneficiary's home) only for officers and auditors
                    withFlags && x.latitude() != null ? new Position(x.latitude(), x.longitude(), x.accuracyM()) : null,
                    x.note(), x.confirmedBy(), x.receivedAt(),
                    r.photos().stream().map(p -> PhotoView.of(x.deliveryId(), p, withFlags)).toList(),
                    withFlags ? r.flags().stream().map(FlagView::of).toList() : null);
        }
    }

    @Schema(name = "DeliveryPosition")
    public record Position(double latitude, double longitude, Double accuracyM) {
    }

    @Schema(name = "EvidencePhoto", description = "A stored photo: its SHA-256 (of the bytes as uploaded), what its EXIF "
            + "said beside what the phone reported, and where to read it (audited; served without location metadata)")
    public record PhotoView(UUID id, @Schema(enumeration = { "PHOTO", "SIGNATURE" }) String kind, int position, String mediaType, long sizeBytes, int width, int height,
            String sha256, OffsetDateTime exifCapturedAt, Position exifPosition, String href) {

        static PhotoView of(UUID delivery, DeliveryRepository.Photo p, boolean withPosition) {
            return new PhotoView(p.id(), p.kind(), p.position(), p.mediaType(), p.sizeBytes(), p.width(), p.height(),
                    p.sha256(), p.exifCapturedAt(),
                    withPosition && p.exifLatitude() != null ? new Position(p.exifLatitude(), p.exifLongitude(), null) : null,
                    "/api/v1/deliveries/" + delivery + "/evidence/" + p.id());
        }
    }

    @Schema(name = "DeliveryFlag")
    public record FlagView(long id, String kind, Map<String, Object> detail, OffsetDateTime raisedAt, String reviewedBy,
            OffsetDateTime reviewedAt, @Schema(enumeration = { "CLEARED", "CONFIRMED" }) String resolution, String reviewNote) {

        static FlagView of(DeliveryRepository.Flag f) {
            return new FlagView(f.id(), f.kind(), f.detail().getMap(), f.raisedAt(), f.reviewedBy(), f.reviewedAt(),
                    f.resolution(), f.reviewNote());
        }
    }

    @Schema(name = "DeliveryFlagQueueItem", description = "A flagged confirmation in the review queue")
    public record QueueItem(FlagView flag, UUID confirmationId, UUID deliveryId, String communeCode, String confirmedBy,
            String outcome, OffsetDateTime capturedAt) {

        static QueueItem of(DeliveryRepository.QueuedFlag q) {
            return new QueueItem(FlagView.of(q.flag()), q.flag().confirmationId(), q.deliveryId(), q.communeCode(),
                    q.confirmedBy(), q.outcome(), q.capturedAt());
        }
    }

    @Schema(name = "DeliveryAssignment", description = "Assign the listed deliveries, or every open one of a commune, of "
            + "a cycle to a field officer (their token subject)")
    public record AssignmentRequest(@NotNull UUID cycleId, @Size(max = 1000) List<@NotNull UUID> deliveryIds,
            @Pattern(regexp = "[0-9]{5}") String communeCode, @NotBlank @Size(max = 200) String officer) {
    }

    @Schema(name = "DeliveryAssignmentResult")
    public record AssignmentResult(int assigned, List<UUID> deliveryIds) {
    }

    @Schema(name = "CashCustody", description = "One officer's cash for a cycle. heldVnd = advanced − delivered − returned "
            + "is what they still hold; the officer is settled when it is 0 with no open delivery")
    public record CustodyView(String officer, long advancedVnd, long deliveredVnd, long returnedVnd, long heldVnd,
            int deliveredCount, int openCount, long openVnd, int failedCount, boolean settled) {

        static CustodyView of(DeliveryRepository.Custody c) {
            long held = c.advancedVnd() - c.deliveredVnd() - c.returnedVnd();
            return new CustodyView(c.officer(), c.advancedVnd(), c.deliveredVnd(), c.returnedVnd(), held, c.delivered(),
                    c.open(), c.openVnd(), c.failed(), held == 0 && c.open() == 0);
        }
    }

    @Schema(name = "CashCustodyReport")
    public record CustodyReport(UUID cycleId, List<CustodyView> officers, long advancedVnd, long deliveredVnd,
            long returnedVnd, long heldVnd, boolean settled) {

        static CustodyReport of(UUID cycle, List<DeliveryRepository.Custody> rows) {
            List<CustodyView> views = rows.stream().map(CustodyView::of).toList();
            long adv = views.stream().mapToLong(CustodyView::advancedVnd).sum();
            long del = views.stream().mapToLong(CustodyView::deliveredVnd).sum();
            long ret = views.stream().mapToLong(CustodyView::returnedVnd).sum();
            return new CustodyReport(cycle, views, adv, del, ret, adv - del - ret,
                    views.stream().allMatch(CustodyView::settled));
        }
    }

    @Schema(name = "CashMovement", description = "Cash handed to a field officer for a cycle's home deliveries "
            + "(ADVANCE) or brought back (RETURN). The id is the client's: sending it again changes nothing")
    public record CashMovementRequest(@NotNull UUID id, @NotNull UUID cycleId, @NotBlank @Size(max = 200) String officer,
            @NotNull @Pattern(regexp = "ADVANCE|RETURN") String kind, @NotNull @Positive Long amountVnd,
            @Size(max = 500) String note) {
    }

    @Schema(name = "CommuneReferencePoint", description = "A reference point of the commune (its People's Committee, "
            + "say) for the distance signal")
    public record ReferencePointRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    /** The multipart form, for the OpenAPI document. */
    @Schema(name = "DeliveryConfirmationForm")
    public static class ConfirmationForm {
        @Schema(required = true, description = "The confirmation, as a JSON part (Content-Type: application/json)")
        public vn.ansinh.payout.delivery.service.ConfirmationRequest confirmation;
        @Schema(required = true, description = "1 to 5 photos (JPEG or PNG, each ≤ 5 MB; DELIVERED needs at least one "
                + "showing the handover), each a file part named photo", minItems = 1, maxItems = 5)
        public List<PhotoFile> photo;
        @Schema(description = "Optional signature or thumbprint image (JPEG or PNG)", type = SchemaType.STRING, format = "binary")
        public String signature;
    }

    /** A file part: its bytes. */
    @Schema(type = SchemaType.STRING, format = "binary")
    public static final class PhotoFile {
        private PhotoFile() {
        }
    }
}

package vn.ansinh.payout.registry.service;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Beneficiary;
import vn.ansinh.payout.registry.Representative;
import vn.ansinh.payout.registry.StatusChange;
import vn.ansinh.payout.registry.api.StatusChangeRequest;
import vn.ansinh.payout.registry.repository.BeneficiaryRepository;
import vn.ansinh.payout.security.Caller;

/** Status lifecycle (ACTIVE, SUSPENDED, ENDED) and representatives of a beneficiary, as history. */
@ApplicationScoped
public class RegistryHistoryService {

    private static final Map<String, Set<String>> REASONS = Map.of(
            "SUSPENDED", Set.of("NOT_COLLECTED_3_MONTHS", "REASSESSMENT", "OTHER"),
            "ENDED", Set.of("DEATH", "LOSS_OF_ELIGIBILITY", "REFUSAL", "MOVED_OUT", "PRISON_SENTENCE", "FAILED_REASSESSMENT"),
            "ACTIVE", Set.of("RESUMED"));

    private final BeneficiaryRepository beneficiaries;
    private final vn.ansinh.payout.area.repository.AreaRepository areas;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;

    public RegistryHistoryService(BeneficiaryRepository beneficiaries, vn.ansinh.payout.area.repository.AreaRepository areas,
            Jurisdiction jurisdiction, AuditTrail audit, Clock clock) {
        this.beneficiaries = beneficiaries;
        this.areas = areas;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
    }

    private Uni<Beneficiary> load(Caller caller, UUID id) {
        return beneficiaries.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("beneficiary"))
                .call(b -> jurisdiction.require(caller, b.communeCode));
    }

    @WithSession
    public Uni<List<StatusChange>> statusChanges(Caller caller, UUID id) {
        return load(caller, id).flatMap(b -> StatusChange.<StatusChange>list("beneficiaryId",
                Sort.by("recordedAt").and("id"), id));
    }

    /**
     * Changes the status. An ENDED beneficiary cannot come back (a new decision makes a new record);
     * the reason must fit the new status.
     */
    @WithTransaction
    public Uni<StatusChange> changeStatus(Caller caller, UUID id, StatusChangeRequest in) {
        if (!REASONS.get(in.toStatus()).contains(in.reason())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("reason", "NOT_FOR_THIS_STATUS", "field.statusReason")), "detail.validation"));
        }
        return load(caller, id).flatMap(b -> {
            if (b.status.equals(in.toStatus())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.sameStatus", b.status));
            }
            if ("ENDED".equals(b.status)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.endedIsFinal"));
            }
            StatusChange change = new StatusChange();
            change.id = UUID.randomUUID();
            change.beneficiaryId = b.id;
            change.fromStatus = b.status;
            change.toStatus = in.toStatus();
            change.reason = in.reason();
            change.effectiveMonth = YearMonth.parse(in.effectiveMonth()).atDay(1);
            change.note = in.note();
            change.decidedBy = caller.subject();
            Map<String, Object> before = Map.of("status", b.status);
            b.status = in.toStatus();
            b.updatedAt = clock.now().atOffset(ZoneOffset.UTC);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", b.status);
            after.put("reason", in.reason());
            after.put("effectiveMonth", in.effectiveMonth());
            return change.<StatusChange>persist()
                    .call(() -> audit.recordChanged(caller, "BENEFICIARY_STATUS_CHANGED", "beneficiary", b.id.toString(),
                            b.communeCode, before, after))
                    .call(() -> beneficiaries.flush());
        });
    }

    @WithSession
    public Uni<List<vn.ansinh.payout.registry.Move>> moves(Caller caller, UUID id) {
        return load(caller, id).flatMap(b -> vn.ansinh.payout.registry.Move.<vn.ansinh.payout.registry.Move>list(
                "beneficiaryId", Sort.by("recordedAt").and("id"), id));
    }

    /** Moves a beneficiary to another commune; both communes must be in the caller's scope. */
    @WithTransaction
    public Uni<vn.ansinh.payout.registry.Move> move(Caller caller, UUID id, vn.ansinh.payout.registry.api.MoveRequest in) {
        return load(caller, id).flatMap(b -> {
            if (b.communeCode.equals(in.toCommune())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.sameCommune"));
            }
            return areas.findById(in.toCommune()).flatMap(target -> {
                if (target == null || target.level != vn.ansinh.payout.area.AreaLevel.COMMUNE) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                            List.of(new FieldError("toCommune", "NOT_A_COMMUNE", "field.communeCode")), "detail.validation"));
                }
                return jurisdiction.require(caller, in.toCommune());
            }).flatMap(ok -> {
                vn.ansinh.payout.registry.Move m = new vn.ansinh.payout.registry.Move();
                m.id = UUID.randomUUID();
                m.beneficiaryId = b.id;
                m.fromCommune = b.communeCode;
                m.toCommune = in.toCommune();
                m.fromAddress = b.addressLine;
                m.toAddress = vn.ansinh.payout.common.VietnameseText.normalize(in.toAddress());
                m.effectiveMonth = YearMonth.parse(in.effectiveMonth()).atDay(1);
                m.decidedBy = caller.subject();
                Map<String, Object> before = Map.of("communeCode", b.communeCode, "addressLine", b.addressLine);
                b.communeCode = m.toCommune;
                b.addressLine = m.toAddress;
                b.updatedAt = clock.now().atOffset(ZoneOffset.UTC);
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("communeCode", b.communeCode);
                after.put("addressLine", b.addressLine);
                after.put("effectiveMonth", in.effectiveMonth());
                return m.<vn.ansinh.payout.registry.Move>persist()
                        .call(() -> audit.recordChanged(caller, "BENEFICIARY_MOVED", "beneficiary", b.id.toString(),
                                m.toCommune, before, after))
                        .call(() -> beneficiaries.flush());
            });
        });
    }

    /** Adds a representative to a record the caller may act on; the commune officer's action is the confirmation. */
    @WithTransaction
    public Uni<Representative> addRepresentative(Caller caller, UUID id, vn.ansinh.payout.registry.api.RepresentativeInput in) {
        return load(caller, id).flatMap(b -> addRepresentative(caller, b, in));
    }

    /**
     * Records a guardian or authorized person, confirmed by the acting commune officer (domain.md §3), in
     * the current transaction. Used directly and by registration verification.
     */
    public Uni<Representative> addRepresentative(Caller caller, Beneficiary b, vn.ansinh.payout.registry.api.RepresentativeInput in) {
        java.util.List<FieldError> errors = new java.util.ArrayList<>();
        if (in.validTo() != null && in.validTo().isBefore(in.validFrom())) {
            errors.add(new FieldError("validTo", "BEFORE_VALID_FROM", "field.endMonth"));
        }
        String phone = null;
        if (in.phone() != null && !in.phone().isBlank()) {
            phone = vn.ansinh.payout.common.PhoneNumber.toE164(in.phone()).orElse(null);
            if (phone == null) {
                errors.add(new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
            }
        }
        if (in.nationalId().equals(b.nationalId)) {
            errors.add(new FieldError("nationalId", "SAME_AS_BENEFICIARY", "field.representativeIsBeneficiary"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation"));
        }
        Representative rep = new Representative();
        rep.id = UUID.randomUUID();
        rep.beneficiaryId = b.id;
        rep.kind = in.kind();
        rep.nationalId = in.nationalId();
        rep.fullName = vn.ansinh.payout.common.VietnameseText.normalize(in.fullName());
        rep.phoneE164 = phone;
        rep.relationship = in.relationship();
        rep.validFrom = in.validFrom();
        rep.validTo = in.validTo();
        rep.authorizationRef = in.authorizationRef();
        rep.confirmedBy = caller.subject();
        rep.confirmedAt = clock.now().atOffset(ZoneOffset.UTC);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("representativeId", rep.id.toString());
        created.put("kind", rep.kind);
        created.put("nationalId", vn.ansinh.payout.common.PiiMasker.maskIdentifier(rep.nationalId));
        created.put("fullName", rep.fullName);
        created.put("validFrom", rep.validFrom.toString());
        created.put("validTo", rep.validTo == null ? null : rep.validTo.toString());
        created.put("authorizationRef", rep.authorizationRef);
        return rep.<Representative>persist()
                .call(() -> audit.recordCreated(caller, "REPRESENTATIVE_ADDED", "beneficiary", b.id.toString(),
                        b.communeCode, created));
    }

    @WithSession
    public Uni<List<Representative>> representatives(Caller caller, UUID id) {
        return load(caller, id).flatMap(b -> Representative.<Representative>list("beneficiaryId",
                Sort.by("validFrom").and("id"), id));
    }
}

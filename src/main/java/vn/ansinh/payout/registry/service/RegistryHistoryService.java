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
import vn.ansinh.payout.change.ChangeRequest;
import vn.ansinh.payout.change.service.ChangeApplier;
import vn.ansinh.payout.change.service.ChangeRequests;
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
public class RegistryHistoryService implements ChangeApplier {

    private static final Map<String, Set<String>> REASONS = Map.of(
            "SUSPENDED", Set.of("NOT_COLLECTED_3_MONTHS", "REASSESSMENT", "OTHER"),
            "ENDED", Set.of("DEATH", "LOSS_OF_ELIGIBILITY", "REFUSAL", "MOVED_OUT", "PRISON_SENTENCE", "FAILED_REASSESSMENT"),
            "ACTIVE", Set.of("RESUMED"));

    private final BeneficiaryRepository beneficiaries;
    private final vn.ansinh.payout.area.repository.AreaRepository areas;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final ChangeRequests changes;
    private final vn.ansinh.payout.registry.repository.PaymentMethodRepository methods;

    public RegistryHistoryService(BeneficiaryRepository beneficiaries, vn.ansinh.payout.area.repository.AreaRepository areas,
            Jurisdiction jurisdiction, AuditTrail audit, Clock clock, ChangeRequests changes,
            vn.ansinh.payout.registry.repository.PaymentMethodRepository methods) {
        this.methods = methods;
        this.changes = changes;
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
     * Asks for a status change. An ENDED beneficiary cannot come back (a new decision makes a new record);
     * the reason must fit the new status. Nothing changes until another person checks the request.
     */
    @WithTransaction
    public Uni<ChangeRequest> changeStatus(Caller caller, UUID id, StatusChangeRequest in) {
        if (!REASONS.get(in.toStatus()).contains(in.reason())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("reason", "NOT_FOR_THIS_STATUS", "field.statusReason")), "detail.validation"));
        }
        return load(caller, id).flatMap(b -> {
            requireStatusChangeFits(b, in);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("beneficiaryId", b.id.toString());
            summary.put("fullName", b.fullName);
            summary.put("fromStatus", b.status);
            summary.put("toStatus", in.toStatus());
            summary.put("reason", in.reason());
            summary.put("effectiveMonth", in.effectiveMonth());
            summary.put("note", in.note());
            return changes.request(caller, ChangeRequest.Kind.STATUS_CHANGE, "beneficiary", b.id.toString(), b.communeCode,
                    in, summary);
        });
    }

    private static void requireStatusChangeFits(Beneficiary b, StatusChangeRequest in) {
        if (b.status.equals(in.toStatus())) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.sameStatus", b.status);
        }
        if ("ENDED".equals(b.status)) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.endedIsFinal");
        }
    }

    /** Writes a checked status change: made by {@code maker}, checked by {@code checker}. */
    private Uni<String> applyStatusChange(Caller checker, String maker, UUID id, StatusChangeRequest in) {
        return load(checker, id).flatMap(b -> {
            requireStatusChangeFits(b, in);
            StatusChange change = new StatusChange();
            change.id = UUID.randomUUID();
            change.beneficiaryId = b.id;
            change.fromStatus = b.status;
            change.toStatus = in.toStatus();
            change.reason = in.reason();
            change.effectiveMonth = YearMonth.parse(in.effectiveMonth()).atDay(1);
            change.note = in.note();
            change.decidedBy = maker;
            change.checkedBy = checker.subject();
            Map<String, Object> before = Map.of("status", b.status);
            b.status = in.toStatus();
            b.updatedAt = clock.now().atOffset(ZoneOffset.UTC);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", b.status);
            after.put("reason", in.reason());
            after.put("effectiveMonth", in.effectiveMonth());
            after.put("requestedBy", maker);
            return change.<StatusChange>persist()
                    .call(() -> audit.recordChanged(checker, "BENEFICIARY_STATUS_CHANGED", "beneficiary", b.id.toString(),
                            b.communeCode, before, after))
                    .call(() -> beneficiaries.flush())
                    .map(x -> change.id.toString());
        });
    }

    @WithSession
    public Uni<List<vn.ansinh.payout.registry.Move>> moves(Caller caller, UUID id) {
        return load(caller, id).flatMap(b -> vn.ansinh.payout.registry.Move.<vn.ansinh.payout.registry.Move>list(
                "beneficiaryId", Sort.by("recordedAt").and("id"), id));
    }

    /**
     * Asks to move a beneficiary to another commune; the maker and the checker must each cover both
     * communes. Nothing changes until the request is checked.
     */
    @WithTransaction
    public Uni<ChangeRequest> move(Caller caller, UUID id, vn.ansinh.payout.registry.api.MoveRequest in) {
        return load(caller, id).flatMap(b -> requireMoveFits(caller, b, in).flatMap(ok -> {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("beneficiaryId", b.id.toString());
            summary.put("fullName", b.fullName);
            summary.put("fromCommune", b.communeCode);
            summary.put("toCommune", in.toCommune());
            summary.put("toAddress", vn.ansinh.payout.common.VietnameseText.normalize(in.toAddress()));
            summary.put("effectiveMonth", in.effectiveMonth());
            summary.put("paymentPointId", in.paymentPointId() == null ? null : in.paymentPointId().toString());
            return changes.request(caller, ChangeRequest.Kind.MOVE, "beneficiary", b.id.toString(), b.communeCode, in, summary);
        }));
    }

    private Uni<Void> requireMoveFits(Caller caller, Beneficiary b, vn.ansinh.payout.registry.api.MoveRequest in) {
        if (b.communeCode.equals(in.toCommune())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.sameCommune"));
        }
        return areas.findById(in.toCommune()).flatMap(target -> {
            if (target == null || target.level != vn.ansinh.payout.area.AreaLevel.COMMUNE) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                        List.of(new FieldError("toCommune", "NOT_A_COMMUNE", "field.communeCode")), "detail.validation"));
            }
            return jurisdiction.require(caller, in.toCommune()).call(() -> pointForMove(b, in));
        });
    }

    /**
     * A point named with a move must be an active point of the new commune, for a person paid in cash at a point
     * (domain.md §3: the cash point serves the person's commune).
     */
    private Uni<Void> pointForMove(Beneficiary b, vn.ansinh.payout.registry.api.MoveRequest in) {
        if (in.paymentPointId() == null) {
            return Uni.createFrom().voidItem();
        }
        return methods.open(b.id).flatMap(current -> {
            if (current == null || !"CASH_AT_POINT".equals(current.method)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(new FieldError(
                        "paymentPointId", "ONLY_FOR_CASH_AT_POINT", "field.paymentPointOnlyForCash")), "detail.validation"));
            }
            return methods.activePointOf(in.paymentPointId(), in.toCommune())
                    .flatMap(ok -> ok ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(new FieldError(
                                    "paymentPointId", "NOT_A_POINT_OF_THE_COMMUNE", "field.paymentPointCommune")),
                                    "detail.validation")));
        });
    }

    /**
     * A move takes the person's cash point with it: a method naming a point of the old commune is reopened from
     * the move's month with the point named in the move (of the new commune) or none (the new commune's own
     * point then pays). Months before the move keep the old point. Audited as a payment method change; part of
     * the checked move, so no second step is needed.
     */
    private Uni<Void> movePaymentPoint(Caller checker, Beneficiary b, vn.ansinh.payout.registry.api.MoveRequest in,
            java.time.LocalDate effectiveMonth, String maker) {
        return methods.open(b.id).flatMap(current -> {
            if (current == null || (current.paymentPointId == null && in.paymentPointId() == null)) {
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("method", current.method);
            before.put("paymentPointId", current.paymentPointId == null ? null : current.paymentPointId.toString());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("method", current.method);
            after.put("paymentPointId", in.paymentPointId() == null ? null : in.paymentPointId().toString());
            after.put("effectiveFrom", YearMonth.from(effectiveMonth).toString());
            after.put("reason", "MOVE");
            after.put("requestedBy", maker);
            Uni<Void> written;
            if (!current.effectiveFromMonth.isBefore(effectiveMonth)) {
                // the method starts with or after the move: its point is simply the new one
                current.paymentPointId = in.paymentPointId();
                written = methods.flush();
            } else {
                vn.ansinh.payout.registry.PaymentMethod next = new vn.ansinh.payout.registry.PaymentMethod();
                next.id = UUID.randomUUID();
                next.beneficiaryId = current.beneficiaryId;
                next.method = current.method;
                next.bankBin = current.bankBin;
                next.accountNumber = current.accountNumber;
                next.accountHolderName = current.accountHolderName;
                next.walletProvider = current.walletProvider;
                next.walletAccount = current.walletAccount;
                next.homeDeliveryReason = current.homeDeliveryReason;
                next.declinedAccountReason = current.declinedAccountReason;
                next.representativeId = current.representativeId;
                next.registrationId = current.registrationId;
                next.paymentPointId = in.paymentPointId();
                next.effectiveFromMonth = effectiveMonth;
                current.effectiveToMonth = effectiveMonth.minusMonths(1);
                // the open-row index must see the old row closed first
                written = methods.flush().flatMap(v -> methods.persist(next)).flatMap(v -> methods.flush());
            }
            return written.call(() -> audit.recordChanged(checker, "PAYMENT_METHOD_CHANGED", "beneficiary", b.id.toString(),
                    b.communeCode, before, after)).replaceWithVoid();
        });
    }

    private Uni<String> applyMove(Caller checker, String maker, UUID id, vn.ansinh.payout.registry.api.MoveRequest in) {
        return load(checker, id).flatMap(b -> requireMoveFits(checker, b, in).flatMap(ok -> {
            vn.ansinh.payout.registry.Move m = new vn.ansinh.payout.registry.Move();
            m.id = UUID.randomUUID();
            m.beneficiaryId = b.id;
            m.fromCommune = b.communeCode;
            m.toCommune = in.toCommune();
            m.fromAddress = b.addressLine;
            m.toAddress = vn.ansinh.payout.common.VietnameseText.normalize(in.toAddress());
            m.effectiveMonth = YearMonth.parse(in.effectiveMonth()).atDay(1);
            m.decidedBy = maker;
            m.checkedBy = checker.subject();
            Map<String, Object> before = Map.of("communeCode", b.communeCode, "addressLine", b.addressLine);
            b.communeCode = m.toCommune;
            b.addressLine = m.toAddress;
            b.updatedAt = clock.now().atOffset(ZoneOffset.UTC);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("communeCode", b.communeCode);
            after.put("addressLine", b.addressLine);
            after.put("effectiveMonth", in.effectiveMonth());
            after.put("requestedBy", maker);
            return m.<vn.ansinh.payout.registry.Move>persist()
                    .call(() -> audit.recordChanged(checker, "BENEFICIARY_MOVED", "beneficiary", b.id.toString(),
                            m.toCommune, before, after))
                    .call(() -> beneficiaries.flush())
                    .call(() -> movePaymentPoint(checker, b, in, m.effectiveMonth, maker))
                    .map(x -> m.id.toString());
        }));
    }

    /** Asks to add a representative; the checker's approval is the commune's confirmation (domain.md §3). */
    @WithTransaction
    public Uni<ChangeRequest> addRepresentative(Caller caller, UUID id, vn.ansinh.payout.registry.api.RepresentativeInput in) {
        return load(caller, id).flatMap(b -> {
            List<FieldError> errors = representativeErrors(b, in);
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation"));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("beneficiaryId", b.id.toString());
            summary.put("beneficiaryName", b.fullName);
            summary.put("kind", in.kind());
            summary.put("nationalId", vn.ansinh.payout.common.PiiMasker.maskIdentifier(in.nationalId()));
            summary.put("fullName", vn.ansinh.payout.common.VietnameseText.normalize(in.fullName()));
            summary.put("relationship", in.relationship());
            summary.put("validFrom", in.validFrom().toString());
            summary.put("validTo", in.validTo() == null ? null : in.validTo().toString());
            summary.put("authorizationRef", in.authorizationRef());
            return changes.request(caller, ChangeRequest.Kind.REPRESENTATIVE, "beneficiary", b.id.toString(), b.communeCode,
                    in, summary);
        });
    }

    /**
     * Records a guardian or authorized person asked for by {@code requestedBy} and confirmed by the
     * checker (domain.md §3), in the current transaction. Used by a checked change request and by
     * registration verification (the captured registration is the request, its decider the checker).
     */
    public Uni<Representative> addRepresentative(Caller checker, Beneficiary b, vn.ansinh.payout.registry.api.RepresentativeInput in,
            String requestedBy) {
        List<FieldError> errors = representativeErrors(b, in);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation"));
        }
        Representative rep = new Representative();
        rep.id = UUID.randomUUID();
        rep.beneficiaryId = b.id;
        rep.kind = in.kind();
        rep.nationalId = in.nationalId();
        rep.fullName = vn.ansinh.payout.common.VietnameseText.normalize(in.fullName());
        rep.phoneE164 = in.phone() == null || in.phone().isBlank() ? null
                : vn.ansinh.payout.common.PhoneNumber.toE164(in.phone()).orElse(null);
        rep.relationship = in.relationship();
        rep.validFrom = in.validFrom();
        rep.validTo = in.validTo();
        rep.authorizationRef = in.authorizationRef();
        rep.requestedBy = requestedBy;
        rep.confirmedBy = checker.subject();
        rep.confirmedAt = clock.now().atOffset(ZoneOffset.UTC);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("representativeId", rep.id.toString());
        created.put("kind", rep.kind);
        created.put("nationalId", vn.ansinh.payout.common.PiiMasker.maskIdentifier(rep.nationalId));
        created.put("fullName", rep.fullName);
        created.put("validFrom", rep.validFrom.toString());
        created.put("validTo", rep.validTo == null ? null : rep.validTo.toString());
        created.put("authorizationRef", rep.authorizationRef);
        created.put("requestedBy", requestedBy);
        return rep.<Representative>persist()
                .call(() -> audit.recordCreated(checker, "REPRESENTATIVE_ADDED", "beneficiary", b.id.toString(),
                        b.communeCode, created));
    }

    private static List<FieldError> representativeErrors(Beneficiary b, vn.ansinh.payout.registry.api.RepresentativeInput in) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (in.validTo() != null && in.validTo().isBefore(in.validFrom())) {
            errors.add(new FieldError("validTo", "BEFORE_VALID_FROM", "field.endMonth"));
        }
        if (in.phone() != null && !in.phone().isBlank() && vn.ansinh.payout.common.PhoneNumber.toE164(in.phone()).isEmpty()) {
            errors.add(new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
        }
        if (in.nationalId().equals(b.nationalId)) {
            errors.add(new FieldError("nationalId", "SAME_AS_BENEFICIARY", "field.representativeIsBeneficiary"));
        }
        return errors;
    }

    // ------------------------------------------------------------------ maker-checker

    @Override
    public Set<ChangeRequest.Kind> kinds() {
        return Set.of(ChangeRequest.Kind.STATUS_CHANGE, ChangeRequest.Kind.MOVE, ChangeRequest.Kind.REPRESENTATIVE);
    }

    /** Applies a checked registry change in the transaction that marks it applied. */
    @Override
    @WithTransaction
    public Uni<ChangeRequest> apply(UUID requestId, Caller checker, String note) {
        return changes.claim(requestId, checker, note, ChangeRequest.State.APPLIED).flatMap(r -> {
            UUID beneficiary = UUID.fromString(r.entityId);
            Uni<String> written = switch (r.kind) {
                case STATUS_CHANGE -> applyStatusChange(checker, r.madeBy, beneficiary,
                        changes.read(r.payload, StatusChangeRequest.class));
                case MOVE -> applyMove(checker, r.madeBy, beneficiary,
                        changes.read(r.payload, vn.ansinh.payout.registry.api.MoveRequest.class));
                case REPRESENTATIVE -> load(checker, beneficiary).flatMap(b -> addRepresentative(checker, b,
                        changes.read(r.payload, vn.ansinh.payout.registry.api.RepresentativeInput.class), r.madeBy))
                        .map(rep -> rep.id.toString());
                default -> throw new IllegalStateException(r.kind.name());
            };
            return written.map(result -> {
                r.resultId = result;
                return r;
            });
        });
    }

    @WithSession
    public Uni<List<Representative>> representatives(Caller caller, UUID id) {
        return load(caller, id).flatMap(b -> Representative.<Representative>list("beneficiaryId",
                Sort.by("validFrom").and("id"), id));
    }
}

package vn.ansinh.payout.registry.service;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.AreaLevel;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.area.repository.AreaRepository;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.NationalId;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.PhoneNumber;
import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Beneficiary;
import vn.ansinh.payout.registry.Entitlement;
import vn.ansinh.payout.registry.api.BeneficiaryUpdate;
import vn.ansinh.payout.registry.api.EntitlementInput;
import vn.ansinh.payout.registry.api.NewBeneficiary;
import vn.ansinh.payout.registry.repository.AllowanceReferenceRepository;
import vn.ansinh.payout.registry.repository.BeneficiaryRepository;
import vn.ansinh.payout.registry.repository.EntitlementRepository;
import vn.ansinh.payout.security.Caller;

/** The beneficiary registry: who is paid, where they live, and what they are entitled to. */
@ApplicationScoped
public class BeneficiaryService {

    /** A beneficiary with its entitlements, as read in one go. */
    public record Record(Beneficiary beneficiary, List<Entitlement> entitlements) {
    }

    private final BeneficiaryRepository beneficiaries;
    private final EntitlementRepository entitlements;
    private final vn.ansinh.payout.registry.repository.PaymentMethodRepository methods;
    private final AllowanceReferenceRepository reference;
    private final AreaRepository areas;
    private final AreaDirectory directory;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;

    public BeneficiaryService(BeneficiaryRepository beneficiaries, EntitlementRepository entitlements,
            vn.ansinh.payout.registry.repository.PaymentMethodRepository methods, AllowanceReferenceRepository reference, AreaRepository areas, AreaDirectory directory,
            Jurisdiction jurisdiction, AuditTrail audit, Clock clock) {
        this.beneficiaries = beneficiaries;
        this.entitlements = entitlements;
        this.methods = methods;
        this.reference = reference;
        this.areas = areas;
        this.directory = directory;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Record> create(Caller caller, NewBeneficiary in) {
        List<FieldError> errors = new ArrayList<>();
        NationalId.check(in.nationalId(), in.dateOfBirth(), in.sex(), false)
                .ifPresent(p -> errors.add(new FieldError("nationalId", p.name(), "field.nationalId." + p.name())));
        String phone = null;
        if (in.phone() != null && !in.phone().isBlank()) {
            phone = PhoneNumber.toE164(in.phone()).orElse(null);
            if (phone == null) {
                errors.add(new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
            }
        }
        List<EntitlementInput> requested = in.entitlements() == null ? List.of() : in.entitlements();
        String phoneE164 = phone;
        return reference.categories().flatMap(categories -> {
            for (int i = 0; i < requested.size(); i++) {
                checkEntitlement(requested.get(i), "entitlements[" + i + "]", categories, errors);
            }
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(validation(errors));
            }
            return areas.findById(in.communeCode());
        }).flatMap(commune -> {
            if (commune == null || commune.level != AreaLevel.COMMUNE) {
                return Uni.createFrom().failure(validation(List.of(
                        new FieldError("communeCode", "NOT_A_COMMUNE", "field.communeCode"))));
            }
            return jurisdiction.require(caller, in.communeCode());
        }).flatMap(ok -> beneficiaries.findByNationalId(in.nationalId())).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.beneficiaryExists")
                        .with("existing", "/api/v1/beneficiaries/" + existing.id));
            }
            Beneficiary b = new Beneficiary();
            b.id = UUID.randomUUID();
            b.nationalId = in.nationalId();
            b.nationalIdKind = NationalId.Kind.CCCD.name();
            b.fullName = VietnameseText.normalize(in.fullName());
            b.dateOfBirth = in.dateOfBirth();
            b.sex = in.sex().name();
            b.communeCode = in.communeCode();
            b.addressLine = VietnameseText.normalize(in.addressLine());
            b.phoneE164 = phoneE164;
            b.mobility = in.mobility() == null ? "CAN_TRAVEL" : in.mobility();
            b.status = "ACTIVE";
            b.updatedAt = clock.now().atOffset(java.time.ZoneOffset.UTC);
            List<Entitlement> rows = requested.stream().map(e -> toEntity(b.id, e)).toList();
            // entitlements are optional: Panache's persist(Iterable) combines one Uni per entity and refuses none
            // ("The Uni set must not be empty", a 500 before), so an empty list persists nothing
            return beneficiaries.persist(b)
                    .call(() -> rows.isEmpty() ? Uni.createFrom().voidItem() : entitlements.persist(rows))
                    .call(() -> audit.recordCreated(caller, "BENEFICIARY_CREATED", "beneficiary", b.id.toString(),
                            b.communeCode, auditView(b, rows)))
                    .call(beneficiaries::flush)
                    .map(saved -> new Record(b, rows));
        });
    }

    @WithSession
    public Uni<Record> get(Caller caller, UUID id) {
        return beneficiaries.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("beneficiary"))
                .call(b -> jurisdiction.require(caller, b.communeCode))
                .flatMap(b -> entitlements.forBeneficiary(b.id).map(list -> new Record(b, list)));
    }

    @WithSession
    public Uni<Page<Beneficiary>> search(Caller caller, String commune, String nameQuery, String status,
            BeneficiaryRepository.Worklist worklist, int page, int size) {
        Uni<Set<String>> visible = jurisdiction.visibleAreas(caller, commune);
        return visible.flatMap(communes -> beneficiaries.search(
                new BeneficiaryRepository.Filter(communes, nameQuery, status, worklist), page, size));
    }

    @WithTransaction
    public Uni<Record> update(Caller caller, UUID id, long expectedVersion, BeneficiaryUpdate in) {
        String phone = null;
        if (in.phone() != null && !in.phone().isBlank()) {
            phone = PhoneNumber.toE164(in.phone()).orElse(null);
            if (phone == null) {
                return Uni.createFrom().failure(validation(List.of(
                        new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"))));
            }
        }
        String phoneE164 = phone;
        return beneficiaries.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("beneficiary"))
                .call(b -> jurisdiction.require(caller, b.communeCode))
                .flatMap(b -> {
                    if (b.version != expectedVersion) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.PRECONDITION_FAILED,
                                "detail.staleVersion").with("currentVersion", b.version));
                    }
                    Map<String, Object> before = contactView(b);
                    b.fullName = VietnameseText.normalize(in.fullName());
                    b.addressLine = VietnameseText.normalize(in.addressLine());
                    b.phoneE164 = phoneE164;
                    b.mobility = in.mobility();
                    b.updatedAt = clock.now().atOffset(java.time.ZoneOffset.UTC);
                    return audit.recordChanged(caller, "BENEFICIARY_UPDATED", "beneficiary", b.id.toString(),
                                    b.communeCode, before, contactView(b))
                            .call(beneficiaries::flush)
                            .flatMap(ignored -> entitlements.forBeneficiary(b.id).map(list -> new Record(b, list)));
                });
    }

    @WithSession
    public Uni<List<vn.ansinh.payout.registry.PaymentMethod>> paymentMethods(Caller caller, UUID id) {
        return get(caller, id).flatMap(record -> methods.history(id));
    }

    @WithSession
    public Uni<AllowanceCalculator.Result> allowance(Caller caller, UUID id, YearMonth month) {
        return get(caller, id).flatMap(record -> directory.provinceOf(record.beneficiary().communeCode)
                .flatMap(province -> reference.standardLevels(province).flatMap(levels -> reference.coefficientRules(month)
                        .map(rules -> {
                            try {
                                return AllowanceCalculator.monthly(record.beneficiary().dateOfBirth,
                                        record.entitlements().stream().map(BeneficiaryService::forCalculator).toList(),
                                        month, levels, rules);
                            } catch (AllowanceCalculator.MissingReferenceData e) {
                                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.missingStandardLevel",
                                        month.toString());
                            }
                        }))));
    }

    private static AllowanceCalculator.Entitlement forCalculator(Entitlement e) {
        return new AllowanceCalculator.Entitlement(e.id.toString(), e.program, e.categoryCode, e.variant,
                e.childrenCount, YearMonth.from(e.startMonth), e.endMonth == null ? null : YearMonth.from(e.endMonth));
    }

    private static void checkEntitlement(EntitlementInput e, String path,
            Map<String, AllowanceReferenceRepository.Category> categories, List<FieldError> errors) {
        if (!categories.containsKey(AllowanceReferenceRepository.key(e.program(), e.categoryCode()))) {
            errors.add(new FieldError(path + ".categoryCode", "UNKNOWN_CATEGORY", "field.category"));
        }
        if ("K6".equals(e.categoryCode()) != (e.variant() != null)) {
            errors.add(new FieldError(path + ".variant", "VARIANT", "field.variant"));
        }
        if (e.endMonth() != null && e.endMonth().compareTo(e.startMonth()) < 0) {
            errors.add(new FieldError(path + ".endMonth", "BEFORE_START", "field.endMonth"));
        }
    }

    private static Entitlement toEntity(UUID beneficiaryId, EntitlementInput in) {
        Entitlement e = new Entitlement();
        e.id = UUID.randomUUID();
        e.beneficiaryId = beneficiaryId;
        e.program = in.program();
        e.categoryCode = in.categoryCode();
        e.variant = in.variant();
        e.childrenCount = in.childrenCount() == null ? 0 : in.childrenCount();
        e.decisionNumber = in.decisionNumber().strip();
        e.decisionDate = in.decisionDate();
        e.startMonth = YearMonth.parse(in.startMonth()).atDay(1);
        e.endMonth = in.endMonth() == null ? null : YearMonth.parse(in.endMonth()).atDay(1);
        return e;
    }

    /** What the audit trail keeps of a new record: identifiers masked, categories by code. */
    private static Map<String, Object> auditView(Beneficiary b, List<Entitlement> rows) {
        Map<String, Object> v = new LinkedHashMap<>(contactView(b));
        v.put("nationalId", PiiMasker.maskIdentifier(b.nationalId));
        v.put("dateOfBirth", b.dateOfBirth.toString());
        v.put("sex", b.sex);
        v.put("communeCode", b.communeCode);
        v.put("entitlements", rows.stream().map(e -> e.program + "/" + e.categoryCode + " from "
                + YearMonth.from(e.startMonth)).toList());
        return v;
    }

    private static Map<String, Object> contactView(Beneficiary b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("fullName", b.fullName);
        v.put("addressLine", b.addressLine);
        v.put("phone", b.phoneE164 == null ? null : PiiMasker.maskIdentifier(b.phoneE164));
        v.put("mobility", b.mobility);
        return v;
    }

    private static ApiException validation(List<FieldError> errors) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation");
    }
}

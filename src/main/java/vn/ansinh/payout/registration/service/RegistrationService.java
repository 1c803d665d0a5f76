package vn.ansinh.payout.registration.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaLevel;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.area.legacy.LegacyAreas;
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
import vn.ansinh.payout.registration.Registration;
import vn.ansinh.payout.registration.api.RegistrationRequest;
import vn.ansinh.payout.registration.api.VerificationDecision;
import vn.ansinh.payout.registration.repository.RegistrationRepository;
import vn.ansinh.payout.registry.Beneficiary;
import vn.ansinh.payout.registry.PaymentMethod;
import vn.ansinh.payout.registry.repository.BeneficiaryRepository;
import vn.ansinh.payout.registry.repository.PaymentMethodRepository;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Field registrations: idempotent submission from phones, and the commune's verification that makes a
 * registration the beneficiary's payment method from the next payment cycle.
 */
@ApplicationScoped
public class RegistrationService {

    /** The outcome of a submission: {@code created} is false when the same registration was already there. */
    public record Outcome(boolean created, Registration registration) {
    }

    /** Canonical JSON (sorted keys) so that the same registration always hashes the same. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    private static final int MAX_DEVICE_CLOCK_AHEAD_MINUTES = 10;

    private final RegistrationRepository registrations;
    private final BeneficiaryRepository beneficiaries;
    private final PaymentMethodRepository methods;
    private final AreaRepository areas;
    private final Jurisdiction jurisdiction;
    private final RegistrationChecks checks;
    private final AuditTrail audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final vn.ansinh.payout.registry.service.RegistryHistoryService history;
    private final LegacyAreas legacyAreas;

    public RegistrationService(RegistrationRepository registrations, BeneficiaryRepository beneficiaries,
            PaymentMethodRepository methods, AreaRepository areas, Jurisdiction jurisdiction,
            RegistrationChecks checks, AuditTrail audit, Clock clock, ObjectMapper json,
            vn.ansinh.payout.registry.service.RegistryHistoryService history, LegacyAreas legacyAreas) {
        this.legacyAreas = legacyAreas;
        this.registrations = registrations;
        this.beneficiaries = beneficiaries;
        this.methods = methods;
        this.areas = areas;
        this.jurisdiction = jurisdiction;
        this.checks = checks;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.history = history;
    }

    // ------------------------------------------------------------------ submission

    @WithTransaction
    public Uni<Outcome> submit(Caller caller, RegistrationRequest in) {
        List<FieldError> errors = validate(in);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(validation(errors));
        }
        String hash = canonicalHash(in);
        return knownBank(in).flatMap(ok -> resolveCommune(in))
                .call(target -> pointServes(in.paymentMethod().paymentPointId(), target.communeCode()))
                .flatMap(target -> jurisdiction
                .require(caller, target.communeCode())
                .flatMap(inScope -> {
                    Registration r = new Registration();
                    r.id = in.id();
                    r.payloadHash = hash;
                    r.payload = toJson(in);
                    r.communeCode = target.communeCode();
                    r.beneficiaryId = target.beneficiaryId();
                    r.areaMapping = target.mapping() == null ? null : toJson(target.mapping());
                    r.method = in.paymentMethod().method();
                    r.submittedBy = caller.subject();
                    r.submittedAt = clock.offsetNow();
                    r.deviceTime = in.deviceTime();
                    if (in.position() != null) {
                        r.latitude = in.position().latitude();
                        r.longitude = in.position().longitude();
                        r.gpsAccuracyM = in.position().accuracyMeters();
                    }
                    return registrations.insertIfAbsent(r);
                }))
                .flatMap(inserted -> registrations.findById(in.id()).flatMap(stored -> {
                    if (!stored.payloadHash.equals(hash)) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.registrationIdReused")
                                .with("existing", "/api/v1/registrations/" + stored.id));
                    }
                    if (!inserted) {
                        return Uni.createFrom().item(new Outcome(false, stored));
                    }
                    return audit.recordCreated(caller, "REGISTRATION_SUBMITTED", "registration", stored.id.toString(),
                            stored.communeCode, submittedView(in, stored)).map(v -> new Outcome(true, stored));
                }));
    }

    private record Target(String communeCode, UUID beneficiaryId, LegacyAreas.Mapping mapping) {
        Target(String communeCode, UUID beneficiaryId) {
            this(communeCode, beneficiaryId, null);
        }
    }

    /** Where the registration belongs: the existing beneficiary's commune, or the new person's. */
    private Uni<Target> resolveCommune(RegistrationRequest in) {
        if (in.beneficiaryId() != null) {
            return beneficiaries.findById(in.beneficiaryId())
                    .onItem().ifNull().failWith(() -> validation(List.of(
                            new FieldError("beneficiaryId", "UNKNOWN", "field.beneficiaryId"))))
                    .map(b -> new Target(b.communeCode, b.id));
        }
        RegistrationRequest.Person p = in.person();
        return legacyAreas.catalogue().flatMap(catalogue -> {
            // old codes from the person's papers are mapped to the 2025 commune, never guessed (V30)
            LegacyAreas.Placement placement = catalogue.place(p.legacyProvinceCode(), p.legacyDistrictCode(),
                    p.legacyCommuneCode(), p.communeCode(), "person.legacyProvinceCode", "person.legacyDistrictCode",
                    "person.legacyCommuneCode", "person.communeCode");
            if (!placement.placed()) {
                return Uni.createFrom().failure(validation(placement.errors()).with("areaMapping",
                        vn.ansinh.payout.area.api.AreaMappingView.of(placement.mapping())));
            }
            LegacyAreas.Mapping mapping = placement.mapping();
            String communeCode = mapping == null ? p.communeCode() : mapping.communeCode();
            if (communeCode == null) {
                return Uni.createFrom().failure(validation(List.of(
                        new FieldError("person.communeCode", "REQUIRED", "field.required"))));
            }
            return areas.findById(communeCode).flatMap(commune -> {
                if (commune == null || commune.level != AreaLevel.COMMUNE) {
                    return Uni.createFrom().failure(validation(List.of(
                            new FieldError("person.communeCode", "NOT_A_COMMUNE", "field.communeCode"))));
                }
                // a person already in the registry is linked to their record, never registered twice; the scope
                // checked is then the record's own commune, not the one typed on the phone
                return beneficiaries.findByNationalId(p.nationalId())
                        .map(existing -> existing == null ? new Target(communeCode, null, mapping)
                                : new Target(existing.communeCode, existing.id));
            });
        });
    }

    /**
     * A chosen cash payment point must be an active point of the person's commune (domain.md §3: at least one
     * per commune, where the person lives). Checked at submission and again when verified (the person may
     * have moved meanwhile); the database checks it a third time (V33).
     */
    private Uni<Void> pointServes(UUID pointId, String communeCode) {
        if (pointId == null) {
            return Uni.createFrom().voidItem();
        }
        return methods.activePointOf(pointId, communeCode)
                .flatMap(ok -> ok ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(validation(List.of(new FieldError("paymentMethod.paymentPointId",
                                "NOT_A_POINT_OF_THE_COMMUNE", "field.paymentPointCommune")))));
    }

    private Uni<Void> knownBank(RegistrationRequest in) {
        if (!"BANK_ACCOUNT".equals(in.paymentMethod().method())) {
            return Uni.createFrom().voidItem();
        }
        // through the transaction's own connection: a second one from the pool could starve it under load
        return io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select count(*) from bank where bin = :bin and active", Long.class)
                        .setParameter("bin", in.paymentMethod().bankBin()).getSingleResult())
                .flatMap(count -> count == 1L ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(validation(List.of(
                                new FieldError("paymentMethod.bankBin", "UNKNOWN_BANK", "field.bankBin")))));
    }

    /** Rules beyond the field annotations; every problem is reported, not only the first. */
    List<FieldError> validate(RegistrationRequest in) {
        List<FieldError> errors = new ArrayList<>();
        if ((in.beneficiaryId() == null) == (in.person() == null)) {
            errors.add(new FieldError("person", "ONE_OF_BENEFICIARY_OR_PERSON", "field.beneficiaryOrPerson"));
        }
        if (in.person() != null) {
            NationalId.check(in.person().nationalId(), in.person().dateOfBirth(), in.person().sex(), false)
                    .ifPresent(p -> errors.add(new FieldError("person.nationalId", p.name(), "field.nationalId." + p.name())));
        }
        if (in.phone() != null && !in.phone().isBlank() && PhoneNumber.toE164(in.phone()).isEmpty()) {
            errors.add(new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
        }
        RegistrationRequest.PaymentMethodInput m = in.paymentMethod();
        switch (m.method()) {
            case "BANK_ACCOUNT" -> {
                if (m.bankBin() == null) {
                    errors.add(new FieldError("paymentMethod.bankBin", "REQUIRED", "field.required"));
                }
                if (m.accountNumber() == null || !m.accountNumber().matches("[0-9]{6,19}")) {
                    errors.add(new FieldError("paymentMethod.accountNumber", "DIGITS_6_TO_19", "field.accountNumber"));
                }
                if (m.accountHolderName() == null || m.accountHolderName().isBlank()) {
                    errors.add(new FieldError("paymentMethod.accountHolderName", "REQUIRED", "field.required"));
                }
            }
            case "E_WALLET" -> {
                if (m.walletProvider() == null || m.walletProvider().isBlank()) {
                    errors.add(new FieldError("paymentMethod.walletProvider", "REQUIRED", "field.required"));
                }
                if (m.walletAccount() == null || !m.walletAccount().matches("[0-9]{6,19}")) {
                    errors.add(new FieldError("paymentMethod.walletAccount", "DIGITS_6_TO_19", "field.accountNumber"));
                }
            }
            case "HOME_DELIVERY" -> {
                if (m.homeDeliveryReason() == null || m.homeDeliveryReason().isBlank()) {
                    errors.add(new FieldError("paymentMethod.homeDeliveryReason", "REQUIRED", "field.required"));
                }
            }
            default -> {
            }
        }
        // domain.md §3: receiving into an account is encouraged, never forced; a person who declines one gives a
        // written reason (cash at the commune point and cash at home are both a declined account)
        if (("CASH_AT_POINT".equals(m.method()) || "HOME_DELIVERY".equals(m.method()))
                && (m.declinedAccountReason() == null || m.declinedAccountReason().isBlank())) {
            errors.add(new FieldError("paymentMethod.declinedAccountReason", "REQUIRED", "field.declinedAccountReason"));
        }
        if (m.paymentPointId() != null && !"CASH_AT_POINT".equals(m.method())) {
            errors.add(new FieldError("paymentMethod.paymentPointId", "ONLY_FOR_CASH_AT_POINT", "field.paymentPointOnlyForCash"));
        }
        RegistrationRequest.Consent consent = in.consent();
        if ("VERBAL_WITH_WITNESS".equals(consent.kind())) {
            if (consent.witnessName() == null || consent.witnessName().isBlank()) {
                errors.add(new FieldError("consent.witnessName", "REQUIRED", "field.required"));
            }
        } else if (!isImage(consent.imageBase64())) {
            errors.add(new FieldError("consent.imageBase64", "NOT_AN_IMAGE", "field.consentImage"));
        }
        if (in.deviceTime().toInstant().isAfter(clock.now().plusSeconds(60L * MAX_DEVICE_CLOCK_AHEAD_MINUTES))) {
            errors.add(new FieldError("deviceTime", "IN_THE_FUTURE", "field.future"));
        }
        if (in.representative() != null && in.representative().validTo() != null
                && in.representative().validTo().isBefore(in.representative().validFrom())) {
            errors.add(new FieldError("representative.validTo", "BEFORE_VALID_FROM", "field.endMonth"));
        }
        if (in.representative() != null && in.representative().phone() != null
                && PhoneNumber.toE164(in.representative().phone()).isEmpty()) {
            errors.add(new FieldError("representative.phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
        }
        return errors;
    }

    /** PNG or JPEG by its magic bytes. */
    static boolean isImage(String base64) {
        if (base64 == null || base64.isBlank()) {
            return false;
        }
        try {
            byte[] head = Base64.getMimeDecoder().decode(base64.length() > 64 ? base64.substring(0, 64) : base64);
            boolean png = head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
            boolean jpeg = head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF;
            return png || jpeg;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String canonicalHash(RegistrationRequest in) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(in).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ reading

    @WithSession
    public Uni<Registration> get(Caller caller, UUID id) {
        return registrations.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("registration"))
                .call(r -> jurisdiction.require(caller, r.communeCode));
    }

    @WithSession
    public Uni<Page<Registration>> worklist(Caller caller, String commune, String state, int page, int size) {
        Uni<Set<String>> visible = jurisdiction.visibleAreas(caller, commune);
        return visible.flatMap(communes -> registrations.worklist(communes, state, page, size));
    }

    /** Runs the automatic checks without deciding anything (what the officer sees first). */
    @WithSession
    public Uni<RegistrationChecks.Result> preview(Caller caller, UUID id) {
        return get(caller, id).flatMap(r -> runChecks(r, payload(r)));
    }

    // ------------------------------------------------------------------ verification

    @WithTransaction
    public Uni<Registration> decide(Caller caller, UUID id, VerificationDecision decision) {
        boolean needsReasons = !"VERIFIED".equals(decision.decision());
        if (needsReasons && (decision.reasons() == null || decision.reasons().isEmpty())) {
            return Uni.createFrom().failure(validation(List.of(new FieldError("reasons", "REQUIRED", "field.required"))));
        }
        return get(caller, id).flatMap(r -> {
            // the decider is never the officer who captured the registration, whatever roles they hold
            SeparationOfDuties.requireChecker(SeparationOfDuties.Step.PAYMENT_METHOD, caller, r.submittedBy);
            if (!"SUBMITTED".equals(r.state) && !"NEEDS_DOCUMENTS".equals(r.state)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.alreadyDecided", r.state));
            }
            RegistrationRequest in = payload(r);
            return runChecks(r, in).flatMap(result -> {
                r.checks = toJson(manual(result, decision, caller));
                boolean manualOk = "MANUAL_CHECK".equals(result.outcome()) && decision.manualCheckNote() != null
                        && !decision.manualCheckNote().isBlank();
                if ("VERIFIED".equals(decision.decision()) && !result.passed() && !manualOk) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE,
                            "MANUAL_CHECK".equals(result.outcome()) ? "detail.manualCheckNeeded" : "detail.checksFailed")
                            .with("checks", result));
                }
                String before = r.state;
                r.state = decision.decision();
                r.decidedBy = caller.subject();
                r.decidedAt = clock.now().atOffset(ZoneOffset.UTC);
                r.decisionReasons = decision.reasons() == null ? null : decision.reasons().toArray(String[]::new);
                Uni<Void> effect = "VERIFIED".equals(r.state) ? applyVerified(caller, r, in, result)
                        : Uni.createFrom().voidItem();
                return effect
                        .call(() -> audit.recordChanged(caller, "REGISTRATION_DECIDED", "registration", r.id.toString(),
                                r.communeCode, Map.of("state", before), decisionView(r)))
                        .call(registrations::flush)
                        .map(v -> r);
            });
        });
    }

    private Uni<RegistrationChecks.Result> runChecks(Registration r, RegistrationRequest in) {
        RegistrationRequest.PaymentMethodInput m = in.paymentMethod();
        String provider = "BANK_ACCOUNT".equals(m.method()) ? m.bankBin() : m.walletProvider();
        String account = "BANK_ACCOUNT".equals(m.method()) ? m.accountNumber() : m.walletAccount();
        Uni<Beneficiary> person = r.beneficiaryId == null ? Uni.createFrom().nullItem() : beneficiaries.findById(r.beneficiaryId);
        return person.flatMap(b -> {
            String nationalId = b != null ? b.nationalId : in.person().nationalId();
            String name = b != null ? b.fullName : in.person().fullName();
            LocalDate dob = b != null ? b.dateOfBirth : in.person().dateOfBirth();
            return recipient(b, name, in).flatMap(recipient -> checks.run(nationalId, name, dob, r.beneficiaryId, m.method(),
                    provider, account, recipient));
        });
    }

    /**
     * Whose name the account must be held in: the representative if one is named, else the beneficiary. The
     * name is the registered one (the registry's record, which the population check also confirms for a new
     * person), never the holder name typed into the registration. A representative already confirmed for
     * the beneficiary is compared by their recorded name; one named only in this registration has no
     * confirmed name, so the account can at best go to a manual check.
     */
    private Uni<RegistrationChecks.Recipient> recipient(Beneficiary b, String beneficiaryName, RegistrationRequest in) {
        if (in.representative() == null) {
            return Uni.createFrom().item(new RegistrationChecks.Recipient(beneficiaryName, "BENEFICIARY", true));
        }
        if (b == null) {
            return Uni.createFrom().item(new RegistrationChecks.Recipient(in.representative().fullName(), "REPRESENTATIVE", false));
        }
        return vn.ansinh.payout.registry.Representative.<vn.ansinh.payout.registry.Representative>find(
                "beneficiaryId = ?1 and nationalId = ?2 and confirmedBy is not null", b.id, in.representative().nationalId())
                .firstResult()
                .map(known -> known != null
                        ? new RegistrationChecks.Recipient(known.fullName, "REPRESENTATIVE", true)
                        : new RegistrationChecks.Recipient(in.representative().fullName(), "REPRESENTATIVE", false));
    }

    /** Creates the person if new, records a confirmed representative, and switches the payment method from next month. */
    private Uni<Void> applyVerified(Caller caller, Registration r, RegistrationRequest in, RegistrationChecks.Result result) {
        Uni<Beneficiary> person = r.beneficiaryId != null ? beneficiaries.findById(r.beneficiaryId) : createPerson(caller, r, in);
        return person.call(b -> jurisdiction.require(caller, b.communeCode)).flatMap(b -> {
            r.beneficiaryId = b.id;
            Uni<UUID> representative = in.representative() == null ? Uni.createFrom().nullItem()
                    : history.addRepresentative(caller, b, in.representative(), r.submittedBy).map(rep -> rep.id);
            return representative.call(repId -> pointServes(in.paymentMethod().paymentPointId(), b.communeCode))
                    .flatMap(repId -> switchMethod(caller, b, r, in.paymentMethod(), repId));
        });
    }

    private Uni<Beneficiary> createPerson(Caller caller, Registration r, RegistrationRequest in) {
        RegistrationRequest.Person p = in.person();
        return beneficiaries.findByNationalId(p.nationalId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Beneficiary b = new Beneficiary();
            b.id = UUID.randomUUID();
            b.nationalId = p.nationalId();
            b.nationalIdKind = NationalId.Kind.CCCD.name();
            b.fullName = VietnameseText.normalize(p.fullName());
            b.dateOfBirth = p.dateOfBirth();
            b.sex = p.sex().name();
            b.communeCode = r.communeCode; // the 2025 commune, mapped from old codes if the papers gave them
            if (p.legacyCommuneCode() != null || p.legacyDistrictCode() != null) {
                LegacyAreas.Mapping m = readMapping(r);
                b.legacyCommuneCode = m == null ? null : m.oldCommuneCode();
                b.legacyDistrictCode = m == null ? null : m.oldDistrictCode();
            }
            b.addressLine = VietnameseText.normalize(p.addressLine());
            b.phoneE164 = in.phone() == null ? null : PhoneNumber.toE164(in.phone()).orElse(null);
            b.mobility = "HOME_DELIVERY".equals(in.paymentMethod().method()) ? "CANNOT_TRAVEL" : "CAN_TRAVEL";
            b.status = "ACTIVE";
            b.updatedAt = clock.now().atOffset(ZoneOffset.UTC);
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("nationalId", PiiMasker.maskIdentifier(b.nationalId));
            created.put("fullName", b.fullName);
            created.put("communeCode", b.communeCode);
            if (b.legacyCommuneCode != null || b.legacyDistrictCode != null) {
                created.put("legacyDistrictCode", b.legacyDistrictCode);
                created.put("legacyCommuneCode", b.legacyCommuneCode);
            }
            created.put("fromRegistration", r.id.toString());
            return beneficiaries.persist(b)
                    .call(() -> audit.recordCreated(caller, "BENEFICIARY_CREATED", "beneficiary", b.id.toString(),
                            b.communeCode, created));
        });
    }

    private Uni<Void> switchMethod(Caller caller, Beneficiary b, Registration r, RegistrationRequest.PaymentMethodInput in,
            UUID representativeId) {
        LocalDate thisMonth = clock.currentMonth().atDay(1);
        LocalDate nextMonth = clock.currentMonth().plusMonths(1).atDay(1);
        return methods.open(b.id).flatMap(current -> {
            Uni<Void> closed = Uni.createFrom().voidItem();
            Map<String, Object> before = new LinkedHashMap<>();
            if (current != null) {
                before.put("method", current.method);
                before.put("account", maskedAccount(current.accountNumber, current.walletAccount));
                // a method not yet in force is superseded before it starts; one in force ends this month
                current.effectiveToMonth = current.effectiveFromMonth.isAfter(thisMonth)
                        ? current.effectiveFromMonth.minusMonths(1) : thisMonth;
                closed = methods.flush(); // the open-row index must see the old row closed first
            }
            PaymentMethod next = new PaymentMethod();
            next.id = UUID.randomUUID();
            next.beneficiaryId = b.id;
            next.method = in.method();
            next.bankBin = in.bankBin();
            next.accountNumber = in.accountNumber();
            next.accountHolderName = in.accountHolderName();
            next.walletProvider = in.walletProvider();
            next.walletAccount = in.walletAccount();
            next.paymentPointId = in.paymentPointId();
            next.homeDeliveryReason = in.homeDeliveryReason();
            next.declinedAccountReason = "BANK_ACCOUNT".equals(in.method()) || "E_WALLET".equals(in.method()) ? null
                    : in.declinedAccountReason();
            next.representativeId = representativeId;
            next.effectiveFromMonth = nextMonth;
            next.registrationId = r.id;
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("method", next.method);
            after.put("account", maskedAccount(next.accountNumber, next.walletAccount));
            after.put("effectiveFrom", YearMonth.from(nextMonth).toString());
            if (next.declinedAccountReason != null) {
                after.put("declinedAccountReason", next.declinedAccountReason);
            }
            if (next.paymentPointId != null) {
                after.put("paymentPointId", next.paymentPointId.toString());
            }
            return closed.flatMap(v -> methods.persist(next))
                    .call(() -> audit.recordChanged(caller, "PAYMENT_METHOD_CHANGED", "beneficiary", b.id.toString(),
                            b.communeCode, before, after))
                    .replaceWithVoid();
        });
    }

    // ------------------------------------------------------------------ helpers

    private LegacyAreas.Mapping readMapping(Registration r) {
        try {
            return r.areaMapping == null ? null : json.readValue(r.areaMapping, LegacyAreas.Mapping.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checks as stored with the decision: a manual check records who vouched for what. */
    private static Object manual(RegistrationChecks.Result result, VerificationDecision decision, Caller caller) {
        if (!"MANUAL_CHECK".equals(result.outcome()) || decision.manualCheckNote() == null || decision.manualCheckNote().isBlank()
                || !"VERIFIED".equals(decision.decision())) {
            return result;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("identity", result.identity());
        v.put("account", result.account());
        v.put("sharedWithOthers", result.sharedWithOthers());
        v.put("flagged", result.flagged());
        v.put("passed", false);
        v.put("outcome", "MANUAL_CHECK");
        v.put("manualCheck", Map.of("by", caller.subject(), "note", decision.manualCheckNote()));
        return v;
    }

    RegistrationRequest payload(Registration r) {
        try {
            return json.readValue(r.payload, RegistrationRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored registration cannot be read", e);
        }
    }

    public static String maskedAccount(String accountNumber, String walletAccount) {
        String account = accountNumber != null ? accountNumber : walletAccount;
        return account == null ? null : PiiMasker.maskIdentifier(account);
    }

    private static Map<String, Object> submittedView(RegistrationRequest in, Registration r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("method", r.method);
        v.put("account", maskedAccount(in.paymentMethod().accountNumber(), in.paymentMethod().walletAccount()));
        v.put("beneficiaryId", r.beneficiaryId == null ? null : r.beneficiaryId.toString());
        v.put("newPerson", in.person() != null);
        v.put("representative", in.representative() != null);
        v.put("consent", in.consent().kind());
        return v;
    }

    private static Map<String, Object> decisionView(Registration r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", r.state);
        v.put("reasons", r.decisionReasons == null ? null : List.of(r.decisionReasons));
        return v;
    }

    private static ApiException validation(List<FieldError> errors) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation");
    }
}

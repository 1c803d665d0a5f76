package vn.ansinh.payout.registry.service;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.api.AreaRetirementRequest;
import vn.ansinh.payout.registry.repository.AreaRetirementRepository;
import vn.ansinh.payout.registry.repository.AreaRetirementRepository.Unit;
import vn.ansinh.payout.security.Caller;

/**
 * Retiring and merging administrative units (domain.md §4: codes are never reused; a reorganisation such as
 * that of 2025-07-01 merges units from a date). Lives with the registry, not the area tree, because a merger
 * moves people: everyone recorded in a merged commune is moved to the successor by a dated move from the effect
 * month, so no one is left in a unit that no longer exists and no month is paid twice or lost. A successor is
 * of the same level and the same province, so the province's payroll and amounts do not change: who is paid
 * and how much stay as they were, which is why this reference-data change is an admin's alone (like adding a
 * unit), recorded in the audit trail entry by entry.
 */
@ApplicationScoped
public class AreaRetirementService {

    private final AreaRetirementRepository repository;
    private final AreaDirectory directory;
    private final AuditTrail audit;
    private final Clock clock;

    public AreaRetirementService(AreaRetirementRepository repository, AreaDirectory directory, AuditTrail audit, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<AreaRetirementRequest.View> retire(Caller caller, String code, AreaRetirementRequest in) {
        if (in.effectiveDate().getDayOfMonth() != 1) {
            return Uni.createFrom().failure(fieldError("effectiveDate", "FIRST_OF_MONTH", "field.firstOfMonth"));
        }
        if (code.equals(in.successorCode())) {
            return Uni.createFrom().failure(fieldError("successorCode", "SAME_AS_UNIT", "field.successorSame"));
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime at = clock.offsetNow();
        return repository.pool().withTransaction(c -> repository.lock(c, code).flatMap(unit -> {
            if (unit == null) {
                return Uni.createFrom().failure(ApiException.notFound("area"));
            }
            if (unit.validTo() != null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.areaRetired", code));
            }
            if (!in.effectiveDate().isAfter(unit.validFrom())) {
                return Uni.createFrom().failure(fieldError("effectiveDate", "BEFORE_VALID_FROM", "field.endMonth"));
            }
            return successor(c, unit, in).flatMap(successor -> repository.unitsInForceUnder(c, code, in.effectiveDate())
                    .flatMap(children -> {
                        if (children > 0) {
                            // the units under it are retired or merged first, each with its own people
                            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.areaHasUnits", code,
                                    children));
                        }
                        return repository.peopleIn(c, code);
                    })
                    .flatMap(people -> {
                        if (successor == null && people > 0) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.areaHasPeople", code,
                                    people));
                        }
                        return apply(c, caller, id, unit, successor, in, at);
                    }));
        })).invoke(directory::invalidate);
    }

    private Uni<Unit> successor(SqlConnection c, Unit unit, AreaRetirementRequest in) {
        if (in.successorCode() == null) {
            return Uni.createFrom().nullItem();
        }
        return repository.find(c, in.successorCode()).map(s -> {
            boolean sameProvince = s != null && province(s).equals(province(unit));
            if (s == null || !s.level().equals(unit.level()) || (!"PROVINCE".equals(unit.level()) && !sameProvince)
                    || (s.validTo() != null && !s.validTo().isAfter(in.effectiveDate()))) {
                throw fieldError("successorCode", "NOT_A_SUCCESSOR", "field.successor");
            }
            return s;
        });
    }

    private Uni<AreaRetirementRequest.View> apply(SqlConnection c, Caller caller, UUID id, Unit unit, Unit successor,
            AreaRetirementRequest in, OffsetDateTime at) {
        String successorCode = successor == null ? null : successor.code();
        Uni<List<AreaRetirementRepository.Moved>> moved = successor == null || !"COMMUNE".equals(unit.level())
                ? Uni.createFrom().item(List.of())
                : repository.movePeople(c, unit.code(), successorCode, in.effectiveDate(), caller.subject(), at);
        return repository.retire(c, unit.code(), in.effectiveDate(), successorCode)
                .flatMap(v -> moved)
                .flatMap(people -> {
                    List<AuditTrail.BatchEntry> entries = new ArrayList<>();
                    Map<String, Object> retired = new LinkedHashMap<>();
                    retired.put("validTo", Map.of("before", "null", "after", in.effectiveDate().toString()));
                    retired.put("successorCode", successorCode);
                    retired.put("decisionRef", in.decisionRef());
                    retired.put("reason", in.reason());
                    retired.put("movedPeople", people.size());
                    entries.add(new AuditTrail.BatchEntry(successor == null ? "AREA_RETIRED" : "AREA_MERGED", "area", unit.code(),
                            unit.code(), retired));
                    for (AreaRetirementRepository.Moved m : people) {
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("communeCode", Map.of("before", unit.code(), "after", successorCode));
                        change.put("effectiveMonth", YearMonth.from(in.effectiveDate()).toString());
                        change.put("reason", "AREA_MERGED " + in.decisionRef());
                        entries.add(new AuditTrail.BatchEntry("BENEFICIARY_MOVED", "beneficiary", m.beneficiaryId().toString(),
                                successorCode, change));
                    }
                    return repository.record(c, id, unit.code(), successorCode, in.effectiveDate(), in.decisionRef(),
                            in.reason(), people.size(), caller.subject(), at)
                            .flatMap(v -> audit.recordBatch(c, caller, entries))
                            .map(v -> new AreaRetirementRequest.View(id, unit.code(), successorCode, in.effectiveDate(),
                                    in.decisionRef(), in.reason(), people.size(), caller.subject()));
                });
    }

    private static String province(Unit u) {
        return u.path().substring(1, u.path().indexOf('/', 1));
    }

    private static ApiException fieldError(String field, String code, String key) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, List.of(new FieldError(field, code, key)), "detail.validation");
    }

}

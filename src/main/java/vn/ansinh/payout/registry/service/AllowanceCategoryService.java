package vn.ansinh.payout.registry.service;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.api.AllowanceCategoryResource.CategoryView;
import vn.ansinh.payout.registry.api.AllowanceCategoryResource.CoefficientChangeView;
import vn.ansinh.payout.registry.api.AllowanceCategoryResource.CoefficientView;
import vn.ansinh.payout.registry.repository.AllowanceReferenceRepository;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Allowance categories and coefficients: national reference data, effective-dated. A new coefficient set of a
 * category applies from a month (the current one or later: a set never rewrites a month already paid) until
 * the next set; it is entered by one admin and written where payrolls read it only once another approves it.
 */
@ApplicationScoped
public class AllowanceCategoryService {

    private final AllowanceReferenceRepository reference;
    private final AuditTrail audit;
    private final Pool pool;
    private final Clock clock;
    private final ObjectMapper json;

    public AllowanceCategoryService(AllowanceReferenceRepository reference, AuditTrail audit, Pool pool, Clock clock,
            ObjectMapper json) {
        this.reference = reference;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
        this.json = json;
    }

    /** The categories with the coefficients in force in a month (the current one when null). */
    public Uni<List<CategoryView>> list(YearMonth month) {
        YearMonth when = month == null ? clock.currentMonth() : month;
        return Uni.combine().all().unis(reference.categories(), reference.coefficientRules(when)).with((categories, rules) -> {
            List<CategoryView> out = new ArrayList<>();
            categories.values().stream()
                    .sorted(Comparator.comparing((AllowanceReferenceRepository.Category c) -> c.program()).thenComparing(c -> c.code()))
                    .forEach(c -> out.add(new CategoryView(c.program(), c.code(), c.nameVi(), c.nameEn(), c.sensitive(),
                            rules.stream().filter(r -> r.program() == c.program() && r.categoryCode().equals(c.code()))
                                    .map(r -> new CoefficientView(r.variant(), r.minAge(), r.maxAge(), r.coefficient(), r.perChild()))
                                    .sorted(Comparator.comparing((CoefficientView v) -> String.valueOf(v.variant()))
                                            .thenComparing(v -> v.minAge() == null ? -1 : v.minAge()))
                                    .toList())));
            return out;
        });
    }

    /** The maker's new set: stored PENDING_CHECK; no payroll sees it until another admin approves it. */
    public Uni<CoefficientChangeView> request(Caller caller, Program program, String code, YearMonth from, String decisionRef,
            List<CoefficientView> coefficients) {
        SeparationOfDuties.requireMaker(SeparationOfDuties.Step.COEFFICIENTS, caller);
        for (int i = 0; i < coefficients.size(); i++) {
            CoefficientView c = coefficients.get(i);
            if (c.minAge() != null && c.maxAge() != null && c.minAge() >= c.maxAge()) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                        List.of(new FieldError("coefficients[" + i + "].maxAge", "AGE_RANGE", "field.ageRange")), "detail.validation"));
            }
        }
        if (from.isBefore(clock.currentMonth())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("effectiveFrom", "IN_THE_PAST", "field.levelInPast")), "detail.validation"));
        }
        return reference.categories().flatMap(categories -> {
            if (!categories.containsKey(AllowanceReferenceRepository.key(program, code))) {
                return Uni.createFrom().failure(ApiException.notFound("allowance category"));
            }
            UUID id = UUID.randomUUID();
            return pool.withTransaction(c -> c.preparedQuery("""
                    insert into coefficient_change (id, program, category_code, effective_from, coefficients, decision_ref,
                                                    requested_by, requested_at)
                    values ($1, $2, $3, $4, cast($5::text as jsonb), $6, $7, $8) on conflict do nothing""")
                    .execute(Tuple.from(List.of(id, program.name(), code, from.atDay(1), write(coefficients), decisionRef,
                            caller.subject(), clock.offsetNow())))
                    .flatMap(rows -> rows.rowCount() == 0
                            ? Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.coefficientsExist", from.toString()))
                            : audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("COEFFICIENTS_REQUESTED",
                                    "allowance_category", program + "/" + code, null, StandardLevelService.mapOf("changeId",
                                            id.toString(), "effectiveFrom", from.toString(), "decisionRef", decisionRef,
                                            "coefficients", describe(coefficients))))))
                    .flatMap(v -> find(c, id)));
        });
    }

    /** The checker's decision; an approval writes the set to coefficient_rule from its month, once. */
    public Uni<CoefficientChangeView> check(Caller caller, UUID id, boolean approve, String note) {
        return pool.withTransaction(c -> c.preparedQuery(
                "select program, category_code, effective_from, coefficients::text, requested_by, state from coefficient_change "
                        + "where id = $1 for update").execute(Tuple.of(id)).flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("coefficientChange"));
                    }
                    Row row = rows.iterator().next();
                    SeparationOfDuties.requireChecker(SeparationOfDuties.Step.COEFFICIENTS, caller, row.getString("requested_by"));
                    if (!"PENDING_CHECK".equals(row.getString("state"))) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending",
                                row.getString("state")));
                    }
                    String state = approve ? "APPROVED" : "REJECTED";
                    Uni<Void> write = Uni.createFrom().voidItem();
                    if (approve) {
                        List<CoefficientView> set = read(row.getString(3));
                        List<Tuple> batch = new ArrayList<>();
                        for (CoefficientView v : set) {
                            batch.add(Tuple.from(java.util.Arrays.asList(row.getString("program"), row.getString("category_code"),
                                    v.variant(), v.minAge(), v.maxAge(), v.coefficient(), v.perChild(),
                                    row.getLocalDate("effective_from"), id)));
                        }
                        write = c.preparedQuery("insert into coefficient_rule (program, category_code, variant, min_age, max_age, "
                                + "coefficient, per_child, effective_from, change_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                                .executeBatch(batch).replaceWithVoid();
                    }
                    return write.flatMap(v -> c.preparedQuery("update coefficient_change set state = $2, checked_by = $3, "
                            + "checked_at = $4, check_note = $5 where id = $1").execute(Tuple.of(id, state, caller.subject(),
                                    clock.now().atOffset(ZoneOffset.UTC), note)))
                            .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("COEFFICIENTS_CHECKED",
                                    "allowance_category", row.getString("program") + "/" + row.getString("category_code"), null,
                                    StandardLevelService.mapOf("changeId", id.toString(), "state", state,
                                            "requestedBy", row.getString("requested_by"), "note", note)))))
                            .flatMap(v -> find(c, id));
                }));
    }

    public Uni<List<CoefficientChangeView>> changes(Program program, String code) {
        return pool.preparedQuery(SELECT + " where program = $1 and category_code = $2 order by effective_from, requested_at")
                .execute(Tuple.of(program.name(), code)).map(rows -> {
                    List<CoefficientChangeView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    private static final String SELECT = """
            select id, program, category_code, effective_from, coefficients::text, decision_ref, state, requested_by,
                   requested_at, checked_by, checked_at, check_note from coefficient_change""";

    private Uni<CoefficientChangeView> find(SqlClient c, UUID id) {
        return c.preparedQuery(SELECT + " where id = $1").execute(Tuple.of(id)).map(rows -> view(rows.iterator().next()));
    }

    private CoefficientChangeView view(Row r) {
        return new CoefficientChangeView(r.getUUID("id"), Program.valueOf(r.getString("program")), r.getString("category_code"),
                YearMonth.from(r.getLocalDate("effective_from")).toString(), read(r.getString(4)), r.getString("decision_ref"),
                r.getString("state"), r.getString("requested_by"), r.getOffsetDateTime("requested_at"), r.getString("checked_by"),
                r.getOffsetDateTime("checked_at"), r.getString("check_note"));
    }

    private static List<String> describe(List<CoefficientView> coefficients) {
        return coefficients.stream().map(v -> (v.variant() == null ? "" : v.variant() + " ")
                + "[" + v.minAge() + "," + v.maxAge() + ") × " + v.coefficient() + (v.perChild() ? " per child" : "")).toList();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CoefficientView> read(String text) {
        try {
            return json.readValue(text, new TypeReference<List<CoefficientView>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored coefficient set cannot be read", e);
        }
    }
}

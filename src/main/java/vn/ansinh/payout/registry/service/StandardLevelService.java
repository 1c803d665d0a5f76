package vn.ansinh.payout.registry.service;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.api.StandardLevelResource.NewStandardLevel;
import vn.ansinh.payout.registry.api.StandardLevelResource.StandardLevelView;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Effective-dated standard levels per province and program (mức chuẩn), with the province's funeral multiple
 * (Nghị định 20/2021 Điều 11: at least 20). A level changes how much everyone is paid, so one province officer
 * enters it (PENDING_CHECK) and another approves it; payrolls read approved levels only. A level may start
 * before the current month only when the request says it is retroactive (a resolution decided after the month
 * it applies from), at most 12 months back: months already paid are never rewritten, the next payroll pays the
 * difference (LEVEL_DIFFERENCE lines).
 */
@ApplicationScoped
public class StandardLevelService {

    /** How far back a retroactive level may start. */
    static final int MAX_MONTHS_BACK = 12;

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;

    public StandardLevelService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit, Clock clock) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String SELECT = """
            select id, province_code, program, effective_from, amount_vnd, decision_ref, created_by, funeral_multiple, state,
                   checked_by, checked_at, check_note, retroactive
            from standard_level""";

    public Uni<List<StandardLevelView>> list(Caller caller, String province, Program program) {
        Uni<Void> scope = caller.hasRole(Roles.ADMIN) ? Uni.createFrom().voidItem()
                : jurisdiction.requireWorksWithin(caller, province);
        return scope.flatMap(ok -> pool.preparedQuery(SELECT + """
                 where province_code = $1 and ($2::text is null or program = $2)
                order by program, effective_from, id""")
                .execute(Tuple.of(province, program == null ? null : program.name()))
                .map(rows -> {
                    List<StandardLevelView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(view(r));
                    }
                    return out;
                }));
    }

    /** The maker's entry: stored PENDING_CHECK, read by no payroll until another officer approves it. */
    public Uni<StandardLevelView> create(Caller caller, NewStandardLevel in) {
        SeparationOfDuties.requireMaker(SeparationOfDuties.Step.STANDARD_LEVEL, caller);
        YearMonth from = YearMonth.parse(in.effectiveFrom());
        YearMonth now = clock.currentMonth();
        boolean retroactive = Boolean.TRUE.equals(in.retroactive());
        if (from.isBefore(now) && !retroactive) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("effectiveFrom", "IN_THE_PAST", "field.levelInPast")), "detail.validation"));
        }
        if (from.isBefore(now.minusMonths(MAX_MONTHS_BACK))) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("effectiveFrom", "TOO_FAR_BACK", "field.levelTooFarBack")), "detail.validation"));
        }
        return jurisdiction.require(caller, in.provinceCode()).flatMap(ok -> pool.withTransaction(c -> c.preparedQuery("""
                insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref, created_by,
                                            created_at, funeral_multiple, retroactive, state)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING_CHECK') on conflict do nothing returning id""")
                .execute(Tuple.from(java.util.Arrays.asList(in.provinceCode(), in.program().name(), from.atDay(1), in.amountVnd(),
                        in.decisionRef(), caller.subject(), clock.offsetNow(),
                        in.funeralMultiple() == null ? null : in.funeralMultiple().shortValue(), from.isBefore(now))))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.levelExists",
                                in.effectiveFrom()));
                    }
                    long id = rows.iterator().next().getLong(0);
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("levelId", id);
                    created.put("program", in.program().name());
                    created.put("effectiveFrom", in.effectiveFrom());
                    created.put("amountVnd", in.amountVnd());
                    created.put("funeralMultiple", in.funeralMultiple());
                    created.put("decisionRef", in.decisionRef());
                    created.put("retroactive", from.isBefore(now));
                    return audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("STANDARD_LEVEL_REQUESTED",
                            "standard_level", Long.toString(id), in.provinceCode(), created))).flatMap(v -> find(c, id));
                })));
    }

    /** The checker's decision: a province officer of the province who did not enter it. */
    public Uni<StandardLevelView> check(Caller caller, long id, boolean approve, String note) {
        return pool.withTransaction(c -> c.preparedQuery(
                "select province_code, created_by, state from standard_level where id = $1 for update").execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("standardLevel"));
                    }
                    Row row = rows.iterator().next();
                    String province = row.getString(0);
                    return jurisdiction.require(caller, province).flatMap(ok -> {
                        SeparationOfDuties.requireChecker(SeparationOfDuties.Step.STANDARD_LEVEL, caller, row.getString(1));
                        if (!"PENDING_CHECK".equals(row.getString(2))) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending",
                                    row.getString(2)));
                        }
                        String state = approve ? "APPROVED" : "REJECTED";
                        return c.preparedQuery("update standard_level set state = $2, checked_by = $3, checked_at = $4, "
                                + "check_note = $5 where id = $1")
                                .execute(Tuple.of(id, state, caller.subject(), clock.now().atOffset(ZoneOffset.UTC), note))
                                .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                                        "STANDARD_LEVEL_CHECKED", "standard_level", Long.toString(id), province,
                                        mapOf("state", state, "requestedBy", row.getString(1), "note", note)))))
                                .flatMap(v -> find(c, id));
                    });
                }));
    }

    private Uni<StandardLevelView> find(SqlClient c, long id) {
        return c.preparedQuery(SELECT + " where id = $1").execute(Tuple.of(id)).map(rows -> view(rows.iterator().next()));
    }

    private static StandardLevelView view(Row r) {
        YearMonth from = YearMonth.from(r.getLocalDate("effective_from"));
        Short multiple = r.getShort("funeral_multiple");
        boolean retroactive = r.getBoolean("retroactive");
        return new StandardLevelView(r.getLong("id"), r.getString("province_code"), Program.valueOf(r.getString("program")),
                from.toString(), r.getLong("amount_vnd"), r.getString("decision_ref"), r.getString("created_by"),
                multiple == null ? null : multiple.intValue(), r.getString("state"), retroactive, r.getString("checked_by"),
                r.getOffsetDateTime("checked_at"), r.getString("check_note"));
    }

    static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

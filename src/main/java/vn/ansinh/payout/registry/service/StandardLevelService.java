package vn.ansinh.payout.registry.service;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

/** Effective-dated standard levels per province and program (reference data of the allowance). */
@ApplicationScoped
public class StandardLevelService {

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

    public Uni<List<StandardLevelView>> list(Caller caller, String province, Program program) {
        Uni<Void> scope = caller.hasRole(Roles.ADMIN) ? Uni.createFrom().voidItem()
                : jurisdiction.requireWorksWithin(caller, province);
        return scope.flatMap(ok -> pool.preparedQuery("""
                select province_code, program, effective_from, amount_vnd, decision_ref, created_by
                from standard_level where province_code = $1 and ($2::text is null or program = $2)
                order by program, effective_from""")
                .execute(Tuple.of(province, program == null ? null : program.name()))
                .map(rows -> {
                    List<StandardLevelView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StandardLevelView(r.getString(0), Program.valueOf(r.getString(1)),
                                YearMonth.from(r.getLocalDate(2)).toString(), r.getLong(3), r.getString(4), r.getString(5)));
                    }
                    return out;
                }));
    }

    @WithTransaction
    public Uni<StandardLevelView> create(Caller caller, NewStandardLevel in) {
        YearMonth from = YearMonth.parse(in.effectiveFrom());
        if (from.isBefore(clock.currentMonth())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("effectiveFrom", "IN_THE_PAST", "field.levelInPast")), "detail.validation"));
        }
        return jurisdiction.require(caller, in.provinceCode())
                .flatMap(ok -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery("""
                        insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref, created_by)
                        values (:province, :program, :from, :amount, :ref, :by)
                        on conflict (province_code, program, effective_from) do nothing""")
                        .setParameter("province", in.provinceCode())
                        .setParameter("program", in.program().name())
                        .setParameter("from", from.atDay(1))
                        .setParameter("amount", in.amountVnd())
                        .setParameter("ref", in.decisionRef())
                        .setParameter("by", caller.subject())
                        .executeUpdate())
                .flatMap(count -> {
                    if (count == 0) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.levelExists",
                                in.effectiveFrom()));
                    }
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("program", in.program().name());
                    created.put("effectiveFrom", in.effectiveFrom());
                    created.put("amountVnd", in.amountVnd());
                    created.put("decisionRef", in.decisionRef());
                    return audit.recordCreated(caller, "STANDARD_LEVEL_CREATED", "standard_level",
                            in.provinceCode() + "/" + in.program() + "/" + in.effectiveFrom(), in.provinceCode(), created)
                            .map(v -> new StandardLevelView(in.provinceCode(), in.program(), in.effectiveFrom(),
                                    in.amountVnd(), in.decisionRef(), caller.subject()));
                });
    }
}

package vn.ansinh.payout.cycle.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * The service fees the province pays its payment providers from the budget (the provincial plans ask providers
 * for preferential fees): a schedule per province, channel and provider, effective-dated. A paid line costs
 * {@code fixed + amount × rate / 10,000} (rounded to the đồng), kept within [min, max]. Fees are budget money, so
 * one province officer enters a schedule and another approves it; reports price paid lines with approved
 * schedules only. A schedule may start up to 12 months back (contracts are often signed after the year began);
 * the fee report is computed live, so it shows a late contract's fees for the months it covers.
 */
@ApplicationScoped
public class ProviderFeeService {

    public record NewFee(String provinceCode, String channel, String providerCode, YearMonth effectiveFrom, long fixedVnd,
            int rateBp, long minVnd, Long maxVnd, String contractRef) {
    }

    public record Fee(UUID id, String provinceCode, String channel, String providerCode, LocalDate effectiveFrom, long fixedVnd,
            int rateBp, long minVnd, Long maxVnd, String contractRef, String state, String requestedBy, OffsetDateTime requestedAt,
            String checkedBy, OffsetDateTime checkedAt, String checkNote) {
    }

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final Providers providers;

    public ProviderFeeService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit, Clock clock, Providers providers) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        this.providers = providers;
    }

    public Uni<Fee> request(Caller caller, NewFee in) {
        SeparationOfDuties.requireMaker(SeparationOfDuties.Step.PROVIDER_FEE, caller);
        if (in.effectiveFrom().isBefore(clock.currentMonth().minusMonths(12))) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("effectiveFrom", "TOO_FAR_BACK", "field.feeTooFarBack")), "detail.validation"));
        }
        if (in.maxVnd() != null && in.maxVnd() < in.minVnd()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new FieldError("maxVnd", "BELOW_MIN", "field.feeMaxBelowMin")), "detail.validation"));
        }
        if (!providers.serves(in.providerCode(), in.provinceCode(), in.channel())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notYourChannel", in.providerCode(),
                    in.channel(), in.provinceCode()));
        }
        UUID id = UUID.randomUUID();
        return jurisdiction.require(caller, in.provinceCode()).flatMap(ok -> pool.withTransaction(c -> c.preparedQuery("""
                insert into provider_fee (id, province_code, channel, provider_code, effective_from, fixed_vnd, rate_bp, min_vnd,
                                          max_vnd, contract_ref, requested_by, requested_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing""")
                .execute(Tuple.from(Arrays.asList(id, in.provinceCode(), in.channel(), in.providerCode(), in.effectiveFrom().atDay(1),
                        in.fixedVnd(), in.rateBp(), in.minVnd(), in.maxVnd(), in.contractRef(), caller.subject(), clock.offsetNow())))
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.feeExists",
                                in.effectiveFrom().toString()))
                        : audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("PROVIDER_FEE_REQUESTED", "provider_fee",
                                id.toString(), in.provinceCode(), describe(in)))))
                .flatMap(v -> find(c, id))));
    }

    public Uni<Fee> check(Caller caller, UUID id, boolean approve, String note) {
        return pool.withTransaction(c -> c.preparedQuery(
                "select province_code, requested_by, state from provider_fee where id = $1 for update").execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("providerFee"));
                    }
                    Row row = rows.iterator().next();
                    return jurisdiction.require(caller, row.getString(0)).flatMap(ok -> {
                        SeparationOfDuties.requireChecker(SeparationOfDuties.Step.PROVIDER_FEE, caller, row.getString(1));
                        if (!"PENDING_CHECK".equals(row.getString(2))) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending",
                                    row.getString(2)));
                        }
                        String state = approve ? "APPROVED" : "REJECTED";
                        Map<String, Object> checked = new LinkedHashMap<>();
                        checked.put("state", state);
                        checked.put("requestedBy", row.getString(1));
                        checked.put("note", note);
                        return c.preparedQuery("update provider_fee set state = $2, checked_by = $3, checked_at = $4, check_note = $5 "
                                + "where id = $1").execute(Tuple.of(id, state, caller.subject(), clock.now().atOffset(ZoneOffset.UTC), note))
                                .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("PROVIDER_FEE_CHECKED",
                                        "provider_fee", id.toString(), row.getString(0), checked))))
                                .flatMap(v -> find(c, id));
                    });
                }));
    }

    public Uni<List<Fee>> list(Caller caller, String province) {
        return jurisdiction.requireWorksWithin(caller, province).flatMap(ok -> pool.preparedQuery(SELECT
                + " where province_code = $1 order by channel, effective_from, requested_at").execute(Tuple.of(province))
                .map(rows -> {
                    List<Fee> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                }));
    }

    private static final String SELECT = """
            select id, province_code, channel, provider_code, effective_from, fixed_vnd, rate_bp, min_vnd, max_vnd, contract_ref,
                   state, requested_by, requested_at, checked_by, checked_at, check_note from provider_fee""";

    private Uni<Fee> find(SqlClient c, UUID id) {
        return c.preparedQuery(SELECT + " where id = $1").execute(Tuple.of(id)).map(rows -> map(rows.iterator().next()));
    }

    private static Fee map(Row r) {
        return new Fee(r.getUUID("id"), r.getString("province_code"), r.getString("channel"), r.getString("provider_code"),
                r.getLocalDate("effective_from"), r.getLong("fixed_vnd"), r.getInteger("rate_bp"), r.getLong("min_vnd"),
                r.getLong("max_vnd"), r.getString("contract_ref"), r.getString("state"), r.getString("requested_by"),
                r.getOffsetDateTime("requested_at"), r.getString("checked_by"), r.getOffsetDateTime("checked_at"),
                r.getString("check_note"));
    }

    private static Map<String, Object> describe(NewFee in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", in.channel());
        m.put("providerCode", in.providerCode());
        m.put("effectiveFrom", in.effectiveFrom().toString());
        m.put("fixedVnd", in.fixedVnd());
        m.put("rateBp", in.rateBp());
        m.put("minVnd", in.minVnd());
        m.put("maxVnd", in.maxVnd());
        m.put("contractRef", in.contractRef());
        return m;
    }
}

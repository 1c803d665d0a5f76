package vn.ansinh.payout.registry.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Who receives for the family of a deceased beneficiary (Nghị định 20/2021 Điều 11: funeral support to the family;
 * Thông tư 02/2021 Điều 2: the months not yet paid are not lost), and by which channel the family chose: a transfer
 * to the account of the representative or the person arranging the funeral, or cash at a payment point of the
 * commune. It decides who is paid, so one officer records it and another approves it (maker-checker). An approved
 * account is written as a payment method that is never in force for the regular payroll (it starts the month the
 * death ended payment and ends the month before), so only the family's lines use it.
 */
@ApplicationScoped
public class FamilyPayeeService {

    /** What the maker asks for. */
    public record NewFamilyPayee(String payeeKind, UUID representativeId, String fullName, String nationalId,
            String relationship, String channel, String bankBin, String accountNumber, String walletProvider,
            String walletAccount, UUID paymentPointId, String reason) {
    }

    /** A family payee as stored, identifiers masked. */
    public record FamilyPayee(UUID id, UUID beneficiaryId, String payeeKind, UUID representativeId, String fullName,
            String nationalId, String relationship, String channel, String bankBin, String account, UUID paymentPointId,
            String reason, String state, String requestedBy, OffsetDateTime requestedAt, String checkedBy,
            OffsetDateTime checkedAt, String checkNote) {
    }

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;

    public FamilyPayeeService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit, Clock clock) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
    }

    private record Deceased(String commune, LocalDate deathMonth) {
    }

    /** The beneficiary's commune (in the caller's scope) and the month their recorded death ended payment, or null. */
    private Uni<Deceased> deceased(SqlClient c, Caller caller, UUID beneficiary) {
        return c.preparedQuery("""
                select b.commune_code, (select s.effective_month from beneficiary_status_change s
                                        where s.beneficiary_id = b.id and s.to_status = 'ENDED' and s.reason = 'DEATH'
                                        order by s.recorded_at desc limit 1) as death_month
                from beneficiary b where b.id = $1""").execute(Tuple.of(beneficiary)).flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("beneficiary"));
                    }
                    Row r = rows.iterator().next();
                    return jurisdiction.require(caller, r.getString(0))
                            .replaceWith(new Deceased(r.getString(0), r.getLocalDate(1)));
                });
    }

    public Uni<FamilyPayee> request(Caller caller, UUID beneficiary, NewFamilyPayee in) {
        SeparationOfDuties.requireMaker(SeparationOfDuties.Step.FAMILY_PAYEE, caller);
        UUID id = UUID.randomUUID();
        return pool.withTransaction(c -> deceased(c, caller, beneficiary).flatMap(d -> {
            if (d.deathMonth() == null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notDeceased"));
            }
            return c.preparedQuery("""
                    insert into family_payee (id, beneficiary_id, commune_code, payee_kind, representative_id, full_name, national_id,
                                              relationship, channel, bank_bin, account_number, wallet_provider, wallet_account,
                                              payment_point_id, reason, requested_by, requested_at)
                    select $1, $2, $3, $4, $5, coalesce(r.full_name, $6), coalesce(r.national_id, $7), $8, $9, $10, $11, $12, $13,
                           $14, $15, $16, $17
                    from (select 1) one
                    left join representative r on r.id = $5 and r.beneficiary_id = $2 and r.confirmed_by is not null
                    where ($5::uuid is null or r.id is not null)
                      and ($14::uuid is null or exists (select 1 from payment_point p where p.id = $14 and p.active
                                                        and p.commune_code = $3))
                    on conflict do nothing""")
                    .execute(Tuple.from(Arrays.asList(id, beneficiary, d.commune(), in.payeeKind(), in.representativeId(),
                            in.fullName(), in.nationalId(), in.relationship(), in.channel(), in.bankBin(), in.accountNumber(),
                            in.walletProvider(), in.walletAccount(), in.paymentPointId(), in.reason(), caller.subject(),
                            clock.offsetNow())))
                    .flatMap(rows -> {
                        if (rows.rowCount() == 0) {
                            return c.preparedQuery("select 1 from family_payee where beneficiary_id = $1 and state = 'PENDING_CHECK'")
                                    .execute(Tuple.of(beneficiary)).flatMap(p -> Uni.createFrom().failure(p.iterator().hasNext()
                                            ? new ApiException(ErrorCode.CONFLICT, "detail.changePending")
                                            : new ApiException(ErrorCode.UNPROCESSABLE, "detail.familyPayeeUnknownParty")));
                        }
                        return find(c, id).call(p -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                                "FAMILY_PAYEE_REQUESTED", "beneficiary", beneficiary.toString(), d.commune(),
                                StandardLevelService.mapOf("familyPayeeId", id.toString(), "payeeKind", p.payeeKind(),
                                        "nationalId", p.nationalId(), "channel", p.channel(), "account", p.account(),
                                        "reason", p.reason())))));
                    });
        }));
    }

    public Uni<FamilyPayee> check(Caller caller, UUID beneficiary, UUID id, boolean approve, String note) {
        return pool.withTransaction(c -> deceased(c, caller, beneficiary).flatMap(d -> c.preparedQuery(
                "select requested_by, state, channel from family_payee where id = $1 and beneficiary_id = $2 for update")
                .execute(Tuple.of(id, beneficiary)).flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("familyPayee"));
                    }
                    Row row = rows.iterator().next();
                    SeparationOfDuties.requireChecker(SeparationOfDuties.Step.FAMILY_PAYEE, caller, row.getString(0));
                    if (!"PENDING_CHECK".equals(row.getString(1))) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending",
                                row.getString(1)));
                    }
                    String state = approve ? "APPROVED" : "REJECTED";
                    Uni<UUID> method = approve && !"CASH_AT_POINT".equals(row.getString(2))
                            ? writeAccount(c, id, d.deathMonth()) : Uni.createFrom().nullItem();
                    return method.flatMap(m -> c.preparedQuery("update family_payee set state = $2, checked_by = $3, checked_at = $4, "
                            + "check_note = $5, payment_method_id = $6 where id = $1").execute(Tuple.from(Arrays.asList(id, state,
                                    caller.subject(), clock.now().atOffset(ZoneOffset.UTC), note, m))))
                            .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("FAMILY_PAYEE_CHECKED",
                                    "beneficiary", beneficiary.toString(), d.commune(), StandardLevelService.mapOf(
                                            "familyPayeeId", id.toString(), "state", state, "requestedBy", row.getString(0),
                                            "note", note)))))
                            .flatMap(v -> find(c, id));
                })));
    }

    /** The family's account as a payment method of the deceased that is never in force for a regular month. */
    private Uni<UUID> writeAccount(SqlConnection c, UUID payee, LocalDate deathMonth) {
        UUID method = UUID.randomUUID();
        return c.preparedQuery("""
                insert into payment_method (id, beneficiary_id, method, bank_bin, account_number, account_holder_name,
                                            wallet_provider, wallet_account, representative_id, effective_from_month,
                                            effective_to_month, created_at)
                select $1, f.beneficiary_id, f.channel, f.bank_bin, f.account_number, f.full_name, f.wallet_provider,
                       f.wallet_account, f.representative_id, $2::date, ($2::date - interval '1 month')::date, $4
                from family_payee f where f.id = $3""")
                .execute(Tuple.of(method, deathMonth, payee, clock.offsetNow())).replaceWith(method);
    }

    public Uni<List<FamilyPayee>> list(Caller caller, UUID beneficiary) {
        return deceased(pool, caller, beneficiary).flatMap(d -> pool.preparedQuery(SELECT
                + " where beneficiary_id = $1 order by requested_at, id").execute(Tuple.of(beneficiary)).map(rows -> {
                    List<FamilyPayee> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                }));
    }

    private static final String SELECT = """
            select id, beneficiary_id, payee_kind, representative_id, full_name, national_id, relationship, channel, bank_bin,
                   coalesce(account_number, wallet_account) as account, payment_point_id, reason, state, requested_by,
                   requested_at, checked_by, checked_at, check_note from family_payee""";

    private Uni<FamilyPayee> find(SqlClient c, UUID id) {
        return c.preparedQuery(SELECT + " where id = $1").execute(Tuple.of(id)).map(rows -> map(rows.iterator().next()));
    }

    private static FamilyPayee map(Row r) {
        String account = r.getString("account");
        return new FamilyPayee(r.getUUID("id"), r.getUUID("beneficiary_id"), r.getString("payee_kind"),
                r.getUUID("representative_id"), r.getString("full_name"), PiiMasker.maskIdentifier(r.getString("national_id")),
                r.getString("relationship"), r.getString("channel"), r.getString("bank_bin"),
                account == null ? null : PiiMasker.maskIdentifier(account), r.getUUID("payment_point_id"), r.getString("reason"),
                r.getString("state"), r.getString("requested_by"), r.getOffsetDateTime("requested_at"), r.getString("checked_by"),
                r.getOffsetDateTime("checked_at"), r.getString("check_note"));
    }
}

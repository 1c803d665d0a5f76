package vn.ansinh.payout.cycle.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The lines the payment provider pays into accounts (bank and e-wallet), page by page in line order. */
@ApplicationScoped
public class DisbursementRepository {

    public record Transfer(int lineNo, String reference, String payeeName, String channel, String bankBin,
            String accountNumber, String walletProvider, String walletAccount, long amountVnd, String kind,
            java.time.LocalDate forMonth) {
    }

    private final Pool pool;

    public DisbursementRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code size} transfers after line {@code afterLineNo} (keyset paging: no offset over a million lines);
     * the page is cut first so the joins are index lookups for its rows only.
     */
    public Uni<List<Transfer>> page(UUID cycle, String cycleCode, List<String> channels, int afterLineNo, int size) {
        return pool.preparedQuery("""
                select l.line_no, l.channel, l.amount_vnd, l.kind, l.for_month, m.bank_bin, m.account_number,
                       m.account_holder_name, m.wallet_provider, m.wallet_account,
                       -- the family of a deceased beneficiary is paid in the name of the family payee, never the deceased
                       coalesce(r.full_name, case when l.recipient_kind = 'FAMILY' then m.account_holder_name end, b.full_name) as payee
                from (select * from payment_line where cycle_id = $1 and channel = any($4::text[]) and amount_vnd > 0 and line_no > $2
                      order by line_no limit $3) l
                join payment_method m on m.id = l.payment_method_id
                join beneficiary b on b.id = l.beneficiary_id
                left join representative r on r.id = l.representative_id
                order by l.line_no
                """).execute(Tuple.of(cycle, afterLineNo, size, channels.toArray(String[]::new))).map(rows -> {
                    List<Transfer> out = new ArrayList<>(size);
                    for (Row r : rows) {
                        String channel = r.getString("channel");
                        String holder = r.getString("account_holder_name");
                        out.add(new Transfer(r.getInteger("line_no"), cycleCode + "-" + r.getInteger("line_no"),
                                "BANK_ACCOUNT".equals(channel) && holder != null ? holder : r.getString("payee"), channel,
                                r.getString("bank_bin"), r.getString("account_number"), r.getString("wallet_provider"),
                                r.getString("wallet_account"), r.getLong("amount_vnd"), r.getString("kind"),
                                r.getLocalDate("for_month")));
                    }
                    return out;
                });
    }

    /** How many transfers of the channels and how much, for the file's header and the cycle's record. */
    public Uni<long[]> totals(UUID cycle, List<String> channels) {
        return pool.preparedQuery("select count(*), coalesce(sum(amount_vnd), 0) from payment_line "
                + "where cycle_id = $1 and channel = any($2::text[]) and amount_vnd > 0")
                .execute(Tuple.of(cycle, channels.toArray(String[]::new)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong(0), r.getLong(1) };
                });
    }
}

package vn.ansinh.payout.registry.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.registry.Beneficiary;

@ApplicationScoped
@WithSession
public class BeneficiaryRepository implements PanacheRepositoryBase<Beneficiary, UUID> {

    /** {@code communes}: the communes the caller may see (already narrowed by any commune filter). */
    public record Filter(Set<String> communes, String nameQuery, String status, Worklist worklist) {
    }

    /** The commune's work lists (issue: beneficiaries without a verified method, accounts shared across people). */
    public enum Worklist {
        /** No payment method in force or scheduled: nobody has verified how this person is paid. */
        WITHOUT_VERIFIED_METHOD,
        /** The bank account or wallet in force is also in force for another beneficiary: review, not refusal. */
        SHARED_ACCOUNT
    }

    public Uni<Beneficiary> findByNationalId(String nationalId) {
        return find("nationalId", nationalId).firstResult();
    }

    public Uni<Page<Beneficiary>> search(Filter f, int page, int size) {
        if (f.communes().isEmpty()) {
            return Uni.createFrom().item(Page.of(List.of(), page, size, 0));
        }
        List<String> where = new ArrayList<>();
        Parameters p = Parameters.with("communes", f.communes());
        where.add("b.communeCode in :communes");
        if (f.worklist() == Worklist.WITHOUT_VERIFIED_METHOD) {
            where.add("not exists (select 1 from PaymentMethod m where m.beneficiaryId = b.id and m.effectiveToMonth is null)");
        } else if (f.worklist() == Worklist.SHARED_ACCOUNT) {
            where.add("exists (select 1 from PaymentMethod m, PaymentMethod o where m.beneficiaryId = b.id "
                    + "and m.effectiveToMonth is null and o.effectiveToMonth is null and o.beneficiaryId <> b.id "
                    + "and o.method = m.method and ((m.method = 'BANK_ACCOUNT' and o.bankBin = m.bankBin "
                    + "and o.accountNumber = m.accountNumber) or (m.method = 'E_WALLET' "
                    + "and o.walletProvider = m.walletProvider and o.walletAccount = m.walletAccount)))");
        }
        if (f.nameQuery() != null && !f.nameQuery().isBlank()) {
            where.add("b.nameFolded like :name escape '\\'");
            p.and("name", "%" + VietnameseText.escapeLike(VietnameseText.fold(f.nameQuery().strip())) + "%");
        }
        if (f.status() != null) {
            where.add("b.status = :status");
            p.and("status", f.status());
        }
        var query = find("from Beneficiary b where " + String.join(" and ", where), Sort.by("b.nameFolded").and("b.id"), p);
        return Page.fetch(query, page, size);
    }
}

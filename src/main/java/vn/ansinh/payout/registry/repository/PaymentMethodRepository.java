package vn.ansinh.payout.registry.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.registry.PaymentMethod;

@ApplicationScoped
@WithSession
public class PaymentMethodRepository implements PanacheRepositoryBase<PaymentMethod, UUID> {

    public Uni<List<PaymentMethod>> history(UUID beneficiaryId) {
        return list("beneficiaryId", Sort.by("effectiveFromMonth").and("createdAt"), beneficiaryId);
    }

    public Uni<PaymentMethod> open(UUID beneficiaryId) {
        return find("beneficiaryId = ?1 and effectiveToMonth is null", beneficiaryId).firstResult();
    }

    /** How many other beneficiaries use this bank account or wallet (an unrelated match is flagged for review). */
    public Uni<Long> othersUsing(UUID beneficiaryId, String method, String provider, String account) {
        if ("BANK_ACCOUNT".equals(method)) {
            return count("method = 'BANK_ACCOUNT' and bankBin = ?1 and accountNumber = ?2 and beneficiaryId <> ?3 "
                    + "and effectiveToMonth is null", provider, account, beneficiaryId);
        }
        if ("E_WALLET".equals(method)) {
            return count("method = 'E_WALLET' and walletProvider = ?1 and walletAccount = ?2 and beneficiaryId <> ?3 "
                    + "and effectiveToMonth is null", provider, account, beneficiaryId);
        }
        return Uni.createFrom().item(0L);
    }

    /** Whether the point is an active cash payment point of the commune (domain.md §3: the point serves the commune). */
    public Uni<Boolean> activePointOf(UUID pointId, String communeCode) {
        // through the transaction's own connection: a second one from the pool could starve it under load
        return io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                        "select count(*) from payment_point where id = :id and commune_code = :commune and active", Long.class)
                        .setParameter("id", pointId).setParameter("commune", communeCode).getSingleResult())
                .map(count -> count == 1L);
    }

    /** The method in force in a month (first day of the month). */
    public Uni<PaymentMethod> inForce(UUID beneficiaryId, LocalDate month) {
        return find("beneficiaryId = ?1 and effectiveFromMonth <= ?2 and (effectiveToMonth is null or effectiveToMonth >= ?2)",
                beneficiaryId, month).firstResult();
    }
}

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
    public record Filter(Set<String> communes, String nameQuery, String status) {
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
        where.add("communeCode in :communes");
        if (f.nameQuery() != null && !f.nameQuery().isBlank()) {
            where.add("nameFolded like :name escape '\\'");
            p.and("name", "%" + VietnameseText.escapeLike(VietnameseText.fold(f.nameQuery().strip())) + "%");
        }
        if (f.status() != null) {
            where.add("status = :status");
            p.and("status", f.status());
        }
        var query = find(String.join(" and ", where), Sort.by("nameFolded").and("id"), p);
        return Page.fetch(query, page, size);
    }
}

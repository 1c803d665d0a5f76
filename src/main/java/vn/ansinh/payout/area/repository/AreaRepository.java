package vn.ansinh.payout.area.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.Area;
import vn.ansinh.payout.area.AreaLevel;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.VietnameseText;

@ApplicationScoped
@WithSession
public class AreaRepository implements PanacheRepositoryBase<Area, String> {

    /** Filters for the area list; null means "any". */
    public record Filter(String parentCode, AreaLevel level, String nameQuery, boolean includeRetired, LocalDate today) {
    }

    public Uni<Page<Area>> search(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.parentCode() != null) {
            where.add("parentCode = :parent");
            params.and("parent", filter.parentCode());
        }
        if (filter.level() != null) {
            where.add("level = :level");
            params.and("level", filter.level());
        }
        if (filter.nameQuery() != null && !filter.nameQuery().isBlank()) {
            where.add("nameFolded like :name escape '\\'");
            params.and("name", "%" + VietnameseText.escapeLike(VietnameseText.fold(filter.nameQuery().strip())) + "%");
        }
        if (!filter.includeRetired()) {
            where.add("(validTo is null or validTo > :today)");
            params.and("today", filter.today());
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        var found = find(query, Sort.by("code"), params);
        return Page.fetch(found, page, size);
    }
}

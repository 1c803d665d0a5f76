package vn.ansinh.payout.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list, 0-based, with the total so clients can render paging. */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> Page<T> of(List<T> items, int page, int size, long totalItems) {
        int pages = size == 0 ? 0 : (int) ((totalItems + size - 1) / size);
        return new Page<>(items, page, size, totalItems, pages);
    }

    /** Runs a Panache query for one page and its total. */
    public static <T> io.smallrye.mutiny.Uni<Page<T>> fetch(
            io.quarkus.hibernate.reactive.panache.PanacheQuery<T> query, int page, int size) {
        return query.page(page, size).list()
                .flatMap(items -> query.count().map(total -> of(items, page, size, total)));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems, totalPages);
    }
}

package vn.ansinh.payout.area;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;

/**
 * The one jurisdiction rule, used by every feature for every read and write: a caller scoped to
 * area X may act on X and its descendants, and on nothing else. Out of scope is always 403
 * OUT_OF_SCOPE (never a silently narrowed answer), whether the area was named in a filter or
 * reached through a resource's id.
 */
@ApplicationScoped
public class Jurisdiction {

    private final AreaDirectory directory;

    public Jurisdiction(AreaDirectory directory) {
        this.directory = directory;
    }

    /** Whether the caller's scope covers the area. An unknown area is covered by nobody. */
    public Uni<Boolean> covers(Caller caller, String areaCode) {
        if (areaCode == null || caller.areas().isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return directory.pathOf(areaCode).map(path -> path != null && AreaDirectory.coveredBy(path, caller.areas()));
    }

    /** Fails with 403 OUT_OF_SCOPE unless the caller's scope covers the area. */
    public Uni<Void> require(Caller caller, String areaCode) {
        return covers(caller, areaCode).flatMap(ok -> ok
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new ApiException(ErrorCode.OUT_OF_SCOPE, "detail.outOfScope")));
    }

    /**
     * The areas a list may show: everything the caller covers, or the named area and its descendants
     * after checking the caller covers it (never silently narrowed).
     */
    public Uni<Set<String>> visibleAreas(Caller caller, String requested) {
        return requested == null
                ? coveredAreas(caller)
                : require(caller, requested).flatMap(ok -> directory.expand(Set.of(requested)));
    }

    /**
     * Whether the caller works in or under the area: it covers the area, or one of its own areas lies
     * inside it (a commune officer may read their province's reference data, never change it).
     */
    public Uni<Void> requireWorksWithin(Caller caller, String areaCode) {
        return covers(caller, areaCode).flatMap(covered -> {
            if (covered) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(caller.areas())
                    .onItem().transformToUniAndConcatenate(directory::pathOf)
                    .collect().asList()
                    .flatMap(paths -> paths.stream().anyMatch(p -> p != null && p.contains("/" + areaCode + "/"))
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ApiException(ErrorCode.OUT_OF_SCOPE, "detail.outOfScope")));
        });
    }

    /** All area codes the caller may act in, for list queries ({@code area_code = any(:codes)}). */
    public Uni<Set<String>> coveredAreas(Caller caller) {
        return directory.expand(caller.areas());
    }
}

package vn.ansinh.payout.area.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.Area;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.AreaLevel;
import vn.ansinh.payout.area.api.NewArea;
import vn.ansinh.payout.area.repository.AreaRepository;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem;
import vn.ansinh.payout.security.Caller;

/** Reads and maintains the administrative area tree (reference data). */
@ApplicationScoped
public class AreaService {

    private final AreaRepository areas;
    private final AreaDirectory directory;
    private final AuditTrail audit;
    private final Clock clock;

    public AreaService(AreaRepository areas, AreaDirectory directory, AuditTrail audit, Clock clock) {
        this.areas = areas;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Page<Area>> search(String parentCode, AreaLevel level, String nameQuery, boolean includeRetired,
            int page, int size) {
        return areas.search(new AreaRepository.Filter(parentCode, level, nameQuery, includeRetired, clock.today()),
                page, size);
    }

    public Uni<Area> get(String code) {
        return areas.findById(code).onItem().ifNull().failWith(() -> ApiException.notFound("area"));
    }

    @WithTransaction
    public Uni<Area> create(Caller caller, NewArea request) {
        return areas.findById(request.code()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_EXISTS, "detail.areaExists",
                        request.code()).with("existing", "/api/v1/areas/" + request.code()));
            }
            if ((request.level() == AreaLevel.PROVINCE) != (request.parentCode() == null)) {
                return Uni.createFrom().failure(fieldError("parentCode", "PARENT_LEVEL", "field.parentLevel"));
            }
            if (request.parentCode() == null) {
                return insert(caller, request, null);
            }
            return areas.findById(request.parentCode()).flatMap(parent -> {
                if (parent == null || !canParent(parent.level, request.level())) {
                    return Uni.createFrom().failure(fieldError("parentCode", "PARENT_LEVEL", "field.parentLevel"));
                }
                return insert(caller, request, parent);
            });
        });
    }

    private Uni<Area> insert(Caller caller, NewArea request, Area parent) {
        Area area = new Area();
        area.code = request.code();
        area.name = VietnameseText.normalize(request.name());
        area.level = request.level();
        area.unitType = request.unitType();
        area.parentCode = request.parentCode();
        area.validFrom = request.validFrom();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("code", area.code);
        after.put("name", area.name);
        after.put("level", area.level.name());
        after.put("unitType", area.unitType);
        after.put("parentCode", area.parentCode);
        after.put("validFrom", area.validFrom.toString());
        String scopeArea = parent == null ? area.code : area.parentCode;
        return areas.persist(area)
                .call(() -> audit.recordCreated(caller, "AREA_CREATED", "area", area.code, scopeArea, after))
                .call(areas::flush)
                .invoke(directory::invalidate);
    }

    private static boolean canParent(AreaLevel parent, AreaLevel child) {
        return (child == AreaLevel.DISTRICT && parent == AreaLevel.PROVINCE)
                || (child == AreaLevel.COMMUNE && parent != AreaLevel.COMMUNE);
    }

    private static ApiException fieldError(String field, String code, String messageKey) {
        return new ApiException(ErrorCode.VALIDATION_FAILED,
                java.util.List.of(new Problem.FieldError(field, code, messageKey)), "detail.validation");
    }
}

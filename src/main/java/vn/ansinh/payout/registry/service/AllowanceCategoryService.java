package vn.ansinh.payout.registry.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.api.AllowanceCategoryResource.CategoryView;
import vn.ansinh.payout.registry.api.AllowanceCategoryResource.CoefficientView;
import vn.ansinh.payout.registry.repository.AllowanceReferenceRepository;
import vn.ansinh.payout.security.Caller;

/** Allowance categories and coefficients: national reference data. */
@ApplicationScoped
public class AllowanceCategoryService {

    private final AllowanceReferenceRepository reference;
    private final AuditTrail audit;

    public AllowanceCategoryService(AllowanceReferenceRepository reference, AuditTrail audit) {
        this.reference = reference;
        this.audit = audit;
    }

    public Uni<List<CategoryView>> list() {
        return Uni.combine().all().unis(reference.categories(), reference.coefficientRules()).with((categories, rules) -> {
            List<CategoryView> out = new ArrayList<>();
            categories.values().stream()
                    .sorted(Comparator.comparing((AllowanceReferenceRepository.Category c) -> c.program()).thenComparing(c -> c.code()))
                    .forEach(c -> out.add(new CategoryView(c.program(), c.code(), c.nameVi(), c.nameEn(), c.sensitive(),
                            rules.stream().filter(r -> r.program() == c.program() && r.categoryCode().equals(c.code()))
                                    .map(r -> new CoefficientView(r.variant(), r.minAge(), r.maxAge(), r.coefficient(), r.perChild()))
                                    .sorted(Comparator.comparing((CoefficientView v) -> String.valueOf(v.variant()))
                                            .thenComparing(v -> v.minAge() == null ? -1 : v.minAge()))
                                    .toList())));
            return out;
        });
    }

    @WithTransaction
    public Uni<CategoryView> replace(Caller caller, Program program, String code, List<CoefficientView> coefficients) {
        for (int i = 0; i < coefficients.size(); i++) {
            CoefficientView c = coefficients.get(i);
            if (c.minAge() != null && c.maxAge() != null && c.minAge() >= c.maxAge()) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                        List.of(new FieldError("coefficients[" + i + "].maxAge", "AGE_RANGE", "field.ageRange")), "detail.validation"));
            }
        }
        return reference.categories().flatMap(categories -> {
            if (!categories.containsKey(AllowanceReferenceRepository.key(program, code))) {
                return Uni.createFrom().failure(ApiException.notFound("allowance category"));
            }
            return Panache.getSession().flatMap(session -> session
                    .createNativeQuery("delete from coefficient_rule where program = :p and category_code = :c")
                    .setParameter("p", program.name()).setParameter("c", code).executeUpdate()
                    .flatMap(deleted -> Multi.createFrom().iterable(coefficients)
                            .onItem().transformToUniAndConcatenate(v -> session.createNativeQuery(
                                    "insert into coefficient_rule (program, category_code, variant, min_age, max_age, coefficient, per_child) "
                                            + "values (:p, :c, :v, :min, :max, :k, :pc)")
                                    .setParameter("p", program.name()).setParameter("c", code).setParameter("v", v.variant())
                                    .setParameter("min", v.minAge()).setParameter("max", v.maxAge())
                                    .setParameter("k", v.coefficient()).setParameter("pc", v.perChild()).executeUpdate())
                            .collect().asList()))
                    .flatMap(done -> {
                        Map<String, Object> after = new LinkedHashMap<>();
                        after.put("coefficients", coefficients.stream().map(v -> (v.variant() == null ? "" : v.variant() + " ")
                                + "[" + v.minAge() + "," + v.maxAge() + ") × " + v.coefficient() + (v.perChild() ? " per child" : ""))
                                .toList());
                        return audit.recordCreated(caller, "COEFFICIENTS_REPLACED", "allowance_category",
                                program + "/" + code, null, after);
                    })
                    .map(v -> {
                        AllowanceReferenceRepository.Category c = categories.get(AllowanceReferenceRepository.key(program, code));
                        return new CategoryView(program, code, c.nameVi(), c.nameEn(), c.sensitive(), coefficients);
                    });
        });
    }
}

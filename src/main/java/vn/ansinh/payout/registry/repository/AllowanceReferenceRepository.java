package vn.ansinh.payout.registry.repository;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.service.AllowanceCalculator.CoefficientRule;
import vn.ansinh.payout.registry.service.AllowanceCalculator.StandardLevel;

/** Reads the allowance reference data (categories, coefficients, standard levels). */
@ApplicationScoped
public class AllowanceReferenceRepository {

    public record Category(Program program, String code, String nameVi, String nameEn, boolean sensitive) {
    }

    private final Pool pool;

    public AllowanceReferenceRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Map<String, Category>> categories() {
        return pool.query("select program, code, name_vi, name_en, sensitive from allowance_category").execute()
                .map(rows -> {
                    Map<String, Category> out = new HashMap<>();
                    for (Row r : rows) {
                        Category c = new Category(Program.valueOf(r.getString(0)), r.getString(1), r.getString(2),
                                r.getString(3), r.getBoolean(4));
                        out.put(key(c.program(), c.code()), c);
                    }
                    return out;
                });
    }

    public static String key(Program program, String code) {
        return program.name() + "/" + code;
    }

    /** The coefficient sets in force in a month: per category, the set with the latest start not after it. */
    public Uni<List<CoefficientRule>> coefficientRules(YearMonth month) {
        return pool.preparedQuery("""
                select program, category_code, variant, min_age, max_age, coefficient, per_child from coefficient_rule r
                where r.effective_from = (select max(x.effective_from) from coefficient_rule x where x.program = r.program
                                          and x.category_code = r.category_code and x.effective_from <= $1)""")
                .execute(Tuple.of(month.atDay(1))).map(rows -> {
                    List<CoefficientRule> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new CoefficientRule(Program.valueOf(r.getString(0)), r.getString(1), r.getString(2),
                                r.getInteger(3), r.getInteger(4), r.getBigDecimal(5), r.getBoolean(6)));
                    }
                    return out;
                });
    }

    public Uni<List<StandardLevel>> standardLevels(String provinceCode) {
        return pool.preparedQuery("select program, effective_from, amount_vnd from standard_level where province_code = $1 and state = 'APPROVED'")
                .execute(Tuple.of(provinceCode)).map(rows -> {
                    List<StandardLevel> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StandardLevel(Program.valueOf(r.getString(0)), YearMonth.from(r.getLocalDate(1)),
                                r.getLong(2)));
                    }
                    return out;
                });
    }
}

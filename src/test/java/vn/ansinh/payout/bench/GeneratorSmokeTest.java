package vn.ansinh.payout.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import vn.ansinh.payout.testing.TestEnvironment;

/**
 * The synthetic-data generator of the benchmarks (src/bench/generate.sql) in a small run, so that it
 * cannot silently rot: 1,000 people with twelve months of history, twice with the same seed into two
 * fresh databases migrated by Flyway, which must come out identical; then what the data must hold.
 */
class GeneratorSmokeTest {

    private static final String USER = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");

    @Test
    void aThousandPeopleWithAYearOfHistoryTheSameForTheSameSeed() throws Exception {
        String first = generate("ansinh_gen_smoke_a");
        String second = generate("ansinh_gen_smoke_b");
        assertThat(second).isEqualTo(first);

        try (Connection c = DriverManager.getConnection(TestEnvironment.jdbcUrl("ansinh_gen_smoke_a"), USER, "");
                Statement st = c.createStatement()) {
            assertThat(value(st, "select count(*) from beneficiary")).isEqualTo("1000");
            // IDs agree with the province, century and sex digit, and year of birth
            assertThat(value(st, "select count(*) from beneficiary b join area a on a.code = b.commune_code "
                    + "where substr(b.national_id, 2, 2) <> split_part(a.path, '/', 2) "
                    + "or substr(b.national_id, 5, 2) <> lpad((extract(year from b.date_of_birth)::int % 100)::text, 2, '0') "
                    + "or substr(b.national_id, 4, 1)::int % 2 <> case when b.sex = 'FEMALE' then 1 else 0 end")).isEqualTo("0");
            // names in NFC with Vietnamese letters, Nguyễn the commonest family name
            assertThat(value(st, "select count(*) from beneficiary where full_name <> normalize(full_name, NFC)")).isEqualTo("0");
            assertThat(value(st, "select split_part(full_name, ' ', 1) from beneficiary group by 1 order by count(*) desc limit 1"))
                    .isEqualTo("Nguyễn");
            // spread over the country, a year of regular lines for (nearly) everyone, outcomes recorded
            assertThat(value(st, "select count(distinct province_code) from payment_cycle")).isEqualTo("34");
            assertThat(Integer.parseInt(value(st, "select count(*) from payment_line"))).isBetween(11_000, 12_000);
            assertThat(Integer.parseInt(value(st, "select count(*) from payment_result"))).isGreaterThan(10_000);
            assertThat(value(st, "select count(*) from payment_cycle where status not in ('CLOSED', 'DISBURSING')")).isEqualTo("0");
            int bank = Integer.parseInt(value(st, "select count(*) from payment_method where method = 'BANK_ACCOUNT'"));
            assertThat(bank).isBetween(380, 520);
            int represented = Integer.parseInt(value(st, "select count(*) from representative"));
            assertThat(represented).isBetween(40, 130);
            // each line's coefficient is the rule's for the person's age in whole years that month (the
            // generator computes ages by month arithmetic), and its amount the standard level times it
            assertThat(value(st, "select count(*) from payment_line l join beneficiary b on b.id = l.beneficiary_id "
                    + "join entitlement e on e.id = l.entitlement_id where l.amount_vnd <> l.standard_level_vnd * l.coefficient "
                    + "or l.coefficient <> (select max(r.coefficient) from coefficient_rule r where r.program = 'SOCIAL_ASSISTANCE' "
                    + "and r.category_code = e.category_code and r.variant is not distinct from e.variant "
                    + "and coalesce(r.min_age, 0) <= extract(year from age(l.for_month, b.date_of_birth)) "
                    + "and coalesce(r.max_age, 999) > extract(year from age(l.for_month, b.date_of_birth)))")).isEqualTo("0");
            // and nobody is left out whom a rule covers that month
            assertThat(value(st, "select count(*) from beneficiary b join entitlement e on e.beneficiary_id = b.id "
                    + "cross join generate_series(date '2025-12-01', date '2026-11-01', interval '1 month') m "
                    + "where exists (select 1 from coefficient_rule r where r.program = 'SOCIAL_ASSISTANCE' "
                    + "and r.category_code = e.category_code and r.variant is not distinct from e.variant "
                    + "and coalesce(r.min_age, 0) <= extract(year from age(m, b.date_of_birth)) "
                    + "and coalesce(r.max_age, 999) > extract(year from age(m, b.date_of_birth))) "
                    + "and not exists (select 1 from payment_line l where l.entitlement_id = e.id and l.for_month = m)"))
                    .isEqualTo("0");
        }
    }

    /** A fresh database, migrated, generated into; returns a digest of what was generated. */
    private static String generate(String database) throws Exception {
        try (Connection admin = DriverManager.getConnection(TestEnvironment.jdbcUrl("postgres"), USER, "");
                Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + database);
            st.execute("create database " + database);
        }
        Flyway.configure().dataSource(TestEnvironment.jdbcUrl(database), USER, "")
                .locations("filesystem:src/main/resources/db/migration").load().migrate();
        String schemaBefore = schema(database);
        String host = System.getenv().getOrDefault("ANSINH_DB_HOST", "localhost");
        String port = System.getenv().getOrDefault("ANSINH_DB_PORT", "5432");
        Process psql = new ProcessBuilder(List.of("psql", "-h", host, "-p", port, "-U", USER, "-d", database, "-q",
                "-v", "ON_ERROR_STOP=1", "-v", "count=1000", "-v", "seed=smoke", "-v", "months=12", "-v", "last_month=2026-11-01",
                "-f", "src/bench/generate.sql")).redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes());
        assertThat(psql.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(psql.exitValue()).as(output).isZero();
        // the indexes and constraints it drops for the load are all back, as the migrations made them
        assertThat(schema(database)).isEqualTo(schemaBefore);
        try (Connection c = DriverManager.getConnection(TestEnvironment.jdbcUrl(database), USER, "");
                Statement st = c.createStatement()) {
            return value(st, "select md5(string_agg(national_id || full_name || date_of_birth || commune_code, ',' order by id)) "
                    + "from beneficiary") + "/" + value(st, "select md5(string_agg(beneficiary_id::text || amount_vnd || channel, ',' "
                    + "order by cycle_id, line_no)) from payment_line") + "/"
                    // (by cycle and line number: two sessions write the lines, so their surrogate ids interleave)
                    + value(st, "select md5(string_agg(l.cycle_id::text || l.line_no || r.outcome || coalesce(r.provider_ref, ''), ',' "
                            + "order by l.cycle_id, l.line_no)) from payment_result r join payment_line l on l.id = r.line_id");
        }
    }

    /** Every index and constraint definition of the database's public tables. */
    private static String schema(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(TestEnvironment.jdbcUrl(database), USER, "");
                Statement st = c.createStatement()) {
            return value(st, "select string_agg(d, E'\\n' order by d) from ("
                    + "select indexdef as d from pg_indexes where schemaname = 'public' union all "
                    + "select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint "
                    + "where connamespace = 'public'::regnamespace) x");
        }
    }

    private static String value(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

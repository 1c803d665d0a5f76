package vn.ansinh.payout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * Rules on the production code that a reviewer would otherwise have to remember. Plain JUnit over the
 * compiled classes: starts nothing.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("vn.ansinh.payout");

    /** The tests, without the client generated from the contract (not our code: target/generated-test-sources). */
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/vn/ansinh/payout/client/"))
            .importPackages("vn.ansinh.payout");

    private static final Set<String> TIME_TYPES = Set.of("java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime",
            "java.time.LocalTime", "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.ZonedDateTime",
            "java.time.YearMonth", "java.time.Year", "java.time.MonthDay", "java.time.Clock", "java.util.Date",
            "java.util.Calendar", "java.util.GregorianCalendar");

    /**
     * Reads the machine's calendar clock: {@code X.now(..)} of java.time, the system Clock, Date, Calendar, millis;
     * called or referenced ({@code Instant::now}).
     */
    static final DescribedPredicate<JavaAccess<?>> READS_THE_MACHINE_CLOCK = new DescribedPredicate<>(
            "reads the machine's clock") {
        @Override
        public boolean test(JavaAccess<?> call) {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            if (TIME_TYPES.contains(owner) && name.equals("now")) {
                return true;
            }
            if (owner.equals("java.time.Clock") && (name.startsWith("system"))) {
                return true;
            }
            if ((owner.equals("java.util.Date") || owner.equals("java.util.GregorianCalendar")) && name.equals("<init>")
                    && call.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target
                    && target.getRawParameterTypes().isEmpty()) {
                return true;
            }
            if (owner.equals("java.util.Calendar") && name.equals("getInstance")) {
                return true;
            }
            return owner.equals("java.lang.System") && name.equals("currentTimeMillis");
        }
    };

    /** PostgreSQL's clock in SQL: now(), current_date and the like (not a Java call such as clock.now()). */
    private static final java.util.regex.Pattern SQL_CLOCK = java.util.regex.Pattern.compile(
            "(?i)(^|[^.\\w])(now\\(\\)|current_date|current_timestamp|clock_timestamp\\(\\)|localtimestamp|statement_timestamp\\(\\))");

    /**
     * Where SQL may still read the database's clock, and why: job leases are claimed and expired by PostgreSQL
     * alone, across replicas (one clock for all of them); a column's default and the audit trigger's fallback are
     * stamps for rows written without a time, never what a rule decides with.
     */
    private static final Set<String> SQL_CLOCK_ALLOWED = Set.of("src/main/java/vn/ansinh/payout/job/JobRuns.java",
            "src/main/resources/db/migration/V4__audit_trail.sql");

    @Test
    void sqlDecidesWithTheInjectedClockNotTheDatabases() throws java.io.IOException {
        List<String> found = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/main/resources/db")) {
            try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(root))) {
                for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    String name = f.toString().replace('\\', '/');
                    if (SQL_CLOCK_ALLOWED.contains(name) || name.endsWith("common/Clock.java")) {
                        continue;
                    }
                    List<String> lines = java.nio.file.Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (SQL_CLOCK.matcher(line).find() && !line.matches("(?i).*\\bdefault now\\(\\).*")
                                && !line.strip().startsWith("--") && !line.strip().startsWith("*") && !line.strip().startsWith("//")) {
                            found.add(name + ":" + (i + 1) + ": " + line.strip());
                        }
                    }
                }
            }
        }
        assertThat(found).as("SQL reading the database's clock; pass the injected Clock's time as a parameter").isEmpty();
    }

    /**
     * A resource method that builds its response itself (RestResponse, Response) chooses its status at run
     * time, which the OpenAPI scanner cannot see: it must declare its success status (and schema) itself,
     * or the contract says 200 where the service answers 201 (createAdjustment and createPaymentPoint did).
     */
    @Test
    void resourcesThatChooseTheirStatusDeclareIt() {
        List<String> undeclared = new ArrayList<>();
        for (JavaClass c : PRODUCTION) {
            if (!c.isAnnotatedWith(jakarta.ws.rs.Path.class)) {
                continue;
            }
            for (java.lang.reflect.Method m : c.reflect().getDeclaredMethods()) {
                boolean endpoint = java.util.Arrays.stream(m.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class));
                if (!endpoint || m.isAnnotationPresent(org.eclipse.microprofile.openapi.annotations.Operation.class)
                        && m.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class).hidden()) {
                    continue;
                }
                if (buildsItsResponse(m.getGenericReturnType()) && java.util.Arrays.stream(m.getAnnotationsByType(
                        org.eclipse.microprofile.openapi.annotations.responses.APIResponse.class))
                        .noneMatch(r -> r.responseCode().startsWith("2"))) {
                    undeclared.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(undeclared).as("resource methods returning RestResponse/Response without a declared 2xx @APIResponse")
                .isEmpty();
    }

    private static boolean buildsItsResponse(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            if (p.getRawType() == io.smallrye.mutiny.Uni.class) {
                return buildsItsResponse(p.getActualTypeArguments()[0]);
            }
            type = p.getRawType();
        }
        return type == org.jboss.resteasy.reactive.RestResponse.class || type == jakarta.ws.rs.core.Response.class;
    }

    @Test
    void everyCsvTheServiceWritesGoesThroughTheOneWriterWithTheFormulaGuard() {
        noClasses().that().doNotBelongToAnyOf(vn.ansinh.payout.common.CsvWriter.class)
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.commons.csv.CSVPrinter")
                .because("a CSV written without common/CsvWriter would skip the formula guard (docs/architecture.md, "
                        + "\"One CSV writer\")")
                .check(PRODUCTION);
    }

    @Test
    void onlyTheInjectedClockReadsTheMachinesClock() {
        noClasses().that().doNotBelongToAnyOf(Clock.class)
                .should().accessTargetWhere(READS_THE_MACHINE_CLOCK)
                .because("every date and time the service decides with comes from the injected Clock, which tests pin "
                        + "(docs/architecture.md, \"Time\")")
                .check(PRODUCTION);
    }

    /**
     * Tests read the suite's {@link TestClock}, so none depends on the day it runs. The exceptions mint or
     * attack bearer tokens: SmallRye JWT checks a token's expiry against the real clock, so a token must
     * be issued at the real time to be valid at all (no result depends on the date).
     */
    @Test
    void testsReadTheSuitesClockNotTheMachines() {
        Set<String> tokenMinting = Set.of(Tokens.class.getName(), "vn.ansinh.payout.security.TokenVerificationTest",
                "vn.ansinh.payout.security.HostileInputTest", TestClock.class.getName(), ArchitectureTest.class.getName());
        noClasses().that(new DescribedPredicate<JavaClass>("are not the clock or token minting") {
            @Override
            public boolean test(JavaClass c) {
                return !tokenMinting.contains(c.getName().replaceAll("\\$.*", ""));
            }
        })
                .should().accessTargetWhere(READS_THE_MACHINE_CLOCK)
                .because("a test that reads today's date breaks on another day; use TestClock")
                .check(TESTS);
    }
}

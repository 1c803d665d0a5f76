package vn.ansinh.payout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
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

    /** Reads the machine's calendar clock: {@code X.now(..)} of java.time, the system Clock, Date, Calendar, millis. */
    static final DescribedPredicate<JavaCall<?>> READS_THE_MACHINE_CLOCK = new DescribedPredicate<>(
            "reads the machine's clock") {
        @Override
        public boolean test(JavaCall<?> call) {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            if (TIME_TYPES.contains(owner) && name.equals("now")) {
                return true;
            }
            if (owner.equals("java.time.Clock") && (name.startsWith("system"))) {
                return true;
            }
            if ((owner.equals("java.util.Date") || owner.equals("java.util.GregorianCalendar")) && name.equals("<init>")
                    && call.getTarget().getRawParameterTypes().isEmpty()) {
                return true;
            }
            if (owner.equals("java.util.Calendar") && name.equals("getInstance")) {
                return true;
            }
            return owner.equals("java.lang.System") && name.equals("currentTimeMillis");
        }
    };

    @Test
    void onlyTheInjectedClockReadsTheMachinesClock() {
        noClasses().that().doNotBelongToAnyOf(Clock.class)
                .should().callMethodWhere(READS_THE_MACHINE_CLOCK)
                .orShould().callConstructorWhere(READS_THE_MACHINE_CLOCK)
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
                .should().callMethodWhere(READS_THE_MACHINE_CLOCK)
                .orShould().callConstructorWhere(READS_THE_MACHINE_CLOCK)
                .because("a test that reads today's date breaks on another day; use TestClock")
                .check(TESTS);
    }
}

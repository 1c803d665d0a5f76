package vn.ansinh.payout.registration.service;

import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.registration.port.BankAccounts;
import vn.ansinh.payout.registration.port.PopulationRegistry;
import vn.ansinh.payout.registry.repository.PaymentMethodRepository;

/**
 * The automatic checks a commune officer sees before deciding on a registration: identity against the
 * National Population Database, the account holder's name against the bank (accent-folded, upper-case
 * comparison), and whether unrelated beneficiaries already use the same account (flagged, not refused).
 */
@ApplicationScoped
public class RegistrationChecks {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "IdentityCheck", description = "MATCH, DETAILS_MISMATCH, NOT_FOUND or UNAVAILABLE")
    public record Identity(String result) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AccountCheck", description = "status FOUND, NOT_FOUND, "
            + "CLOSED or UNAVAILABLE; the holder name as the bank has it, compared with the registered name of the recipient "
            + "(never with a holder name typed in the registration)")
    public record Account(String status, String holderName, Boolean nameMatches,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(enumeration = { "BENEFICIARY", "REPRESENTATIVE",
                    "UNCONFIRMED_REPRESENTATIVE" }, description = "Whose registered name the holder was compared with; "
                            + "UNCONFIRMED_REPRESENTATIVE: a representative named only in this registration, whom no registry "
                            + "confirms, so the account needs a manual check") String comparedWith) {
    }

    /** Whose name the bank's holder must carry, and whether a registry vouches for that name. */
    public record Recipient(String name, String kind, boolean registered) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RegistrationChecks")
    public record Result(Identity identity, Account account, long sharedWithOthers, boolean flagged, boolean passed,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(enumeration = { "PASSED", "FAILED", "MANUAL_CHECK" },
                    description = "PASSED: every check agreed. FAILED: a check disagreed (cannot be VERIFIED). MANUAL_CHECK: "
                            + "nothing disagreed but something could not be checked automatically (a registry unavailable, "
                            + "a representative no registry confirms): VERIFIED then needs the checker's manualCheckNote. "
                            + "Nothing passes automatically when verification is unavailable.") String outcome) {

        /** What VERIFIED requires: a matching identity and, for a bank account, a found account in the right name. */
        static Result of(Identity identity, Account account, long sharedWithOthers) {
            boolean idFailed = "NOT_FOUND".equals(identity.result()) || "DETAILS_MISMATCH".equals(identity.result());
            boolean idUnknown = !idFailed && !"MATCH".equals(identity.result());
            boolean accountFailed = account != null && ("NOT_FOUND".equals(account.status()) || "CLOSED".equals(account.status())
                    || Boolean.FALSE.equals(account.nameMatches()));
            boolean accountUnknown = account != null && !accountFailed && (!"FOUND".equals(account.status())
                    || "UNCONFIRMED_REPRESENTATIVE".equals(account.comparedWith()));
            String outcome = idFailed || accountFailed ? "FAILED" : idUnknown || accountUnknown ? "MANUAL_CHECK" : "PASSED";
            return new Result(identity, account, sharedWithOthers, sharedWithOthers > 0, "PASSED".equals(outcome), outcome);
        }
    }

    private final PopulationRegistry population;
    private final BankAccounts banks;
    private final PaymentMethodRepository methods;

    public RegistrationChecks(PopulationRegistry population, BankAccounts banks, PaymentMethodRepository methods) {
        this.population = population;
        this.banks = banks;
        this.methods = methods;
    }

    /**
     * @param beneficiaryId null for a person not yet in the registry
     * @param provider bank BIN or wallet provider; {@code account} the account or wallet number
     * @param recipient whose registered name the account holder must carry
     */
    public Uni<Result> run(String nationalId, String fullName, LocalDate dateOfBirth, UUID beneficiaryId,
            String method, String provider, String account, Recipient recipient) {
        Uni<Identity> identity = population.verify(nationalId, fullName, dateOfBirth)
                .onFailure().recoverWithItem(PopulationRegistry.Result.UNAVAILABLE)
                .map(r -> new Identity(r.name()));
        Uni<Account> bank = "BANK_ACCOUNT".equals(method)
                ? banks.holderOf(provider, account).onFailure().recoverWithItem(BankAccounts.Lookup.unavailable())
                        .map(lookup -> new Account(lookup.status().name(), lookup.holderName(),
                                lookup.holderName() == null ? null : sameName(lookup.holderName(), recipient.name()),
                                recipient.registered() ? recipient.kind() : "UNCONFIRMED_REPRESENTATIVE"))
                : Uni.createFrom().item((Account) null);
        Uni<Long> shared = methods.othersUsing(beneficiaryId == null ? new UUID(0, 0) : beneficiaryId, method,
                provider, account);
        return Uni.combine().all().unis(identity, bank, shared)
                .with(Result::of);
    }

    static boolean sameName(String bankName, String registeredName) {
        return registeredName != null
                && VietnameseText.fold(bankName).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip()
                        .equals(VietnameseText.fold(registeredName).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip());
    }
}

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

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AccountCheck", description = "status FOUND, NOT_FOUND, CLOSED or UNAVAILABLE; the holder name as the bank has it")
    public record Account(String status, String holderName, Boolean nameMatches) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RegistrationChecks")
    public record Result(Identity identity, Account account, long sharedWithOthers, boolean flagged, boolean passed) {

        /** What VERIFIED requires: a matching identity and, for a bank account, a found account in the right name. */
        static Result of(Identity identity, Account account, long sharedWithOthers) {
            boolean idOk = "MATCH".equals(identity.result());
            boolean accountOk = account == null
                    || ("FOUND".equals(account.status()) && Boolean.TRUE.equals(account.nameMatches()));
            return new Result(identity, account, sharedWithOthers, sharedWithOthers > 0, idOk && accountOk);
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
     */
    public Uni<Result> run(String nationalId, String fullName, LocalDate dateOfBirth, UUID beneficiaryId,
            String method, String provider, String account, String holderName) {
        Uni<Identity> identity = population.verify(nationalId, fullName, dateOfBirth)
                .map(r -> new Identity(r.name()));
        Uni<Account> bank = "BANK_ACCOUNT".equals(method)
                ? banks.holderOf(provider, account).map(lookup -> new Account(lookup.status().name(), lookup.holderName(),
                        lookup.holderName() == null ? null : sameName(lookup.holderName(), holderName)))
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

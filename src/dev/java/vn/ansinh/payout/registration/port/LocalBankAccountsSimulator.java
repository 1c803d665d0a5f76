package vn.ansinh.payout.registration.port;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.VietnameseText;

/**
 * LOCAL SIMULATOR, NOT A BANK. Compiled into dev and test builds only (src/dev/java; see pom.xml): the
 * production build has no such class, and production answers through {@link HttpBankAccounts}.
 *
 * <p>Like a bank, it knows the accounts it holds and never learns a holder's name from the registration
 * being checked: accounts are opened with {@link #open} (by tests, and the dev demo). Steered otherwise by
 * the account number's last digits:
 * <ul>
 * <li>ending in {@code 000}: NOT_FOUND; in {@code 111}: CLOSED; in {@code 99}: UNAVAILABLE</li>
 * <li>ending in {@code 13}: FOUND, held by "NGUYEN VAN KHAC" (someone else)</li>
 * <li>an account opened with {@link #open}: FOUND, held by that name as banks write it (upper case, no marks)</li>
 * <li>anything else: NOT_FOUND</li>
 * </ul>
 */
@ApplicationScoped
public class LocalBankAccountsSimulator implements BankAccounts {

    private static final Map<String, String> ACCOUNTS = new ConcurrentHashMap<>();

    /** Opens an account at the simulated bank (what a real bank already knows). */
    public static void open(String bankBin, String accountNumber, String holderName) {
        ACCOUNTS.put(bankBin + "/" + accountNumber, VietnameseText.fold(holderName).toUpperCase(Locale.ROOT));
    }

    @Override
    public Uni<Lookup> holderOf(String bankBin, String accountNumber) {
        Lookup lookup;
        if (accountNumber.endsWith("000")) {
            lookup = new Lookup(Lookup.Status.NOT_FOUND, null);
        } else if (accountNumber.endsWith("111")) {
            lookup = new Lookup(Lookup.Status.CLOSED, null);
        } else if (accountNumber.endsWith("99")) {
            lookup = Lookup.unavailable();
        } else if (accountNumber.endsWith("13")) {
            lookup = new Lookup(Lookup.Status.FOUND, "NGUYEN VAN KHAC");
        } else {
            String name = ACCOUNTS.get(bankBin + "/" + accountNumber);
            lookup = name == null ? new Lookup(Lookup.Status.NOT_FOUND, null) : new Lookup(Lookup.Status.FOUND, name);
        }
        return Uni.createFrom().item(lookup);
    }
}

package vn.ansinh.payout.registration.port;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.VietnameseText;

/**
 * LOCAL SIMULATOR, NOT A BANK. Deterministic, steered by the account number's last digits:
 * <ul>
 * <li>ending in {@code 000}: NOT_FOUND</li>
 * <li>ending in {@code 111}: CLOSED</li>
 * <li>ending in {@code 13}: FOUND, held by "NGUYEN VAN KHAC" (someone else)</li>
 * <li>otherwise FOUND, held by the name it was asked about, as banks write it (upper case, no marks);
 * the simulator learns that name from the registration through {@link #expectHolder}.</li>
 * </ul>
 */
@ApplicationScoped
public class LocalBankAccountsSimulator implements BankAccounts {

    private final java.util.Map<String, String> expected = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the simulated bank will answer for an account (what a real bank already knows). */
    public void expectHolder(String bankBin, String accountNumber, String holderName) {
        if (holderName != null) {
            expected.putIfAbsent(bankBin + "/" + accountNumber, holderName);
        }
    }

    @Override
    public Uni<Lookup> holderOf(String bankBin, String accountNumber) {
        Lookup lookup;
        if (accountNumber.endsWith("000")) {
            lookup = new Lookup(Lookup.Status.NOT_FOUND, null);
        } else if (accountNumber.endsWith("111")) {
            lookup = new Lookup(Lookup.Status.CLOSED, null);
        } else if (accountNumber.endsWith("13")) {
            lookup = new Lookup(Lookup.Status.FOUND, "NGUYEN VAN KHAC");
        } else {
            String name = expected.getOrDefault(bankBin + "/" + accountNumber, "CHU TAI KHOAN");
            lookup = new Lookup(Lookup.Status.FOUND, VietnameseText.fold(name).toUpperCase(Locale.ROOT));
        }
        return Uni.createFrom().item(lookup);
    }
}

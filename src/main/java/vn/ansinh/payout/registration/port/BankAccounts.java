package vn.ansinh.payout.registration.port;

import io.smallrye.mutiny.Uni;

/**
 * Port to the banks' account-holder lookup (NAPAS account inquiry through the payment provider).
 *
 * <p>Contract of the real adapter: given a NAPAS BIN and an account number, answer the holder name as
 * the bank holds it (usually upper case without diacritics, e.g. "NGUYEN THI LAN"), or that the account
 * does not exist or is closed; {@link Lookup#unavailable()} when the bank cannot be reached. The
 * service compares accent-folded forms itself.
 */
public interface BankAccounts {

    record Lookup(Status status, String holderName) {
        public enum Status { FOUND, NOT_FOUND, CLOSED, UNAVAILABLE }

        public static Lookup unavailable() {
            return new Lookup(Status.UNAVAILABLE, null);
        }
    }

    Uni<Lookup> holderOf(String bankBin, String accountNumber);

    /** What answers, for the start-up log: calling it also makes the bean, so a misconfigured adapter fails the start. */
    default String describe() {
        return getClass().getSimpleName();
    }
}

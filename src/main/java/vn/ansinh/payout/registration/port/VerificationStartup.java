package vn.ansinh.payout.registration.port;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes the verification beans at start, so a production start whose adapters are not configured fails
 * then (the adapters refuse in their constructor's check), not at the first registration.
 */
@ApplicationScoped
public class VerificationStartup {

    void onStart(@Observes StartupEvent event, PopulationRegistry population, BankAccounts banks, VerificationConfig config) {
        Log.infof("verification: %s and %s (mode %s)", population.describe(), banks.describe(), config.mode());
    }
}

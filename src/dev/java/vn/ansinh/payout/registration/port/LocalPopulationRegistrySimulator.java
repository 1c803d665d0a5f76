package vn.ansinh.payout.registration.port;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * LOCAL SIMULATOR, NOT THE NATIONAL POPULATION DATABASE. Compiled into dev and test builds only
 * (src/dev/java; see pom.xml); production answers through {@link HttpPopulationRegistry}. Deterministic so tests and demos can steer
 * it by the ID's last digits:
 * <ul>
 * <li>ending in {@code 0000}: NOT_FOUND</li>
 * <li>ending in {@code 99}: UNAVAILABLE (the remote system is down)</li>
 * <li>ending in {@code 9}: DETAILS_MISMATCH (name or date of birth differ)</li>
 * <li>anything else: MATCH</li>
 * </ul>
 */
@ApplicationScoped
public class LocalPopulationRegistrySimulator implements PopulationRegistry {

    @Override
    public Uni<Result> verify(String nationalId, String fullName, LocalDate dateOfBirth) {
        Result result;
        if (nationalId.endsWith("0000")) {
            result = Result.NOT_FOUND;
        } else if (nationalId.endsWith("99")) {
            result = Result.UNAVAILABLE;
        } else if (nationalId.endsWith("9")) {
            result = Result.DETAILS_MISMATCH;
        } else {
            result = Result.MATCH;
        }
        return Uni.createFrom().item(result);
    }
}

package vn.ansinh.payout.registration.port;

import java.time.LocalDate;

import io.smallrye.mutiny.Uni;

/**
 * Port to the National Population Database (Cơ sở dữ liệu quốc gia về dân cư), through which the
 * commune police verify a person's identity.
 *
 * <p>Contract of the real adapter (not built here: access goes through the Ministry of Public Security's
 * data-sharing platform under an agreement with the province): given a citizen ID, full name and date
 * of birth, answer within 5 s whether a citizen with that ID exists and whether name (accent-folded)
 * and date of birth agree; never return other personal data. Failures of the remote system are
 * {@link Result#UNAVAILABLE}, never a mismatch.
 */
public interface PopulationRegistry {

    enum Result { MATCH, DETAILS_MISMATCH, NOT_FOUND, UNAVAILABLE }

    Uni<Result> verify(String nationalId, String fullName, LocalDate dateOfBirth);

    /** What answers, for the start-up log: calling it also makes the bean, so a misconfigured adapter fails the start. */
    default String describe() {
        return getClass().getSimpleName();
    }
}

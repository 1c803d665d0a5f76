package vn.ansinh.payout.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import vn.ansinh.payout.common.NationalId.Problem;
import vn.ansinh.payout.common.NationalId.Sex;

class IdentifiersTest {

    @Test
    void aCitizenIdMustAgreeWithCenturySexAndYear() {
        LocalDate d1990 = LocalDate.of(1990, 4, 1);
        assertThat(NationalId.check("051090012345", d1990, Sex.MALE, false)).isEmpty();
        assertThat(NationalId.check("051190012345", d1990, Sex.FEMALE, false)).isEmpty();
        assertThat(NationalId.check("051190012345", d1990, Sex.MALE, false)).contains(Problem.SEX_MISMATCH);
        assertThat(NationalId.check("051091012345", d1990, Sex.MALE, false)).contains(Problem.BIRTH_YEAR_MISMATCH);
        LocalDate d2005 = LocalDate.of(2005, 1, 1);
        assertThat(NationalId.check("031305000001", d2005, Sex.FEMALE, false)).isEmpty();
        assertThat(NationalId.check("031005000001", d2005, Sex.MALE, false)).contains(Problem.BIRTH_YEAR_MISMATCH);
    }

    @Test
    void malformedIdsAndLegacyCardsAreRecognised() {
        assertThat(NationalId.check("05109001234", null, null, false)).contains(Problem.FORMAT);
        assertThat(NationalId.check("15109001234a", null, null, false)).contains(Problem.FORMAT);
        assertThat(NationalId.check("123456789", null, null, false)).contains(Problem.LEGACY_NOT_ALLOWED);
        assertThat(NationalId.check("123456789", null, null, true)).isEmpty();
    }

    @Test
    void mobileNumbersAreStoredInE164() {
        assertThat(PhoneNumber.toE164("0912 345 678")).contains("+84912345678");
        assertThat(PhoneNumber.toE164("+84 98 123 4567")).contains("+84981234567");
        assertThat(PhoneNumber.toE164("84352223333")).contains("+84352223333");
    }

    @Test
    void numbersThatAreNotVietnameseMobilesAreRefused() {
        assertThat(PhoneNumber.toE164("02553822222")).isEmpty(); // landline
        assertThat(PhoneNumber.toE164("0112345678")).isEmpty(); // no such network
        assertThat(PhoneNumber.toE164("+1 415 555 0100")).isEmpty();
        assertThat(PhoneNumber.toE164("09123456789")).isEmpty();
    }
}

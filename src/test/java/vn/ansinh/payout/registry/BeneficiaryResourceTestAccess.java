package vn.ansinh.payout.registry;

/** Lets tests in other packages create a beneficiary the way BeneficiaryResourceTest does. */
public final class BeneficiaryResourceTestAccess {

    private BeneficiaryResourceTestAccess() {
    }

    public static String createInTinhKhe() {
        return BeneficiaryResourceTest.create(BeneficiaryResourceTest.person(BeneficiaryResourceTest.freshId(), "21211"))
                .jsonPath().getString("id");
    }
}

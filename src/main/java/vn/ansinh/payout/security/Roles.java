package vn.ansinh.payout.security;

/** The roles of the token contract (api-map.md), as they appear in the {@code groups} claim. */
public final class Roles {
    public static final String FIELD_OFFICER = "field_officer";
    public static final String COMMUNE_OFFICER = "commune_officer";
    public static final String PROVINCE_OFFICER = "province_officer";
    public static final String PAYMENT_PROVIDER = "payment_provider";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    public static final java.util.List<String> ALL = java.util.List.of(
            FIELD_OFFICER, COMMUNE_OFFICER, PROVINCE_OFFICER, PAYMENT_PROVIDER, AUDITOR, ADMIN);

    private Roles() {
    }
}

package vn.ansinh.payout.security;

/**
 * The payment-provider organisations this service works with, by the code a {@code payment_provider}
 * token names in its {@code provider} claim. Implemented where the bindings live (the cycle feature's
 * configuration); security only asks whether a code is one of them.
 */
public interface ProviderOrganisations {

    boolean knows(String code);

    /** Whether the organisation pays the channel's lines in the province. */
    boolean serves(String code, String province, String channel);

    /**
     * A caller acting for a provider (its role, and no province officer's, who acts for the province on every
     * channel) may touch only what its organisation serves: 403 otherwise.
     */
    static void requireServes(ProviderOrganisations organisations, Caller caller, String province, String channel) {
        if (caller.hasRole(Roles.PAYMENT_PROVIDER) && !caller.hasRole(Roles.PROVINCE_OFFICER)
                && !organisations.serves(caller.provider(), province, channel)) {
            throw new vn.ansinh.payout.common.api.ApiException(vn.ansinh.payout.common.api.ErrorCode.FORBIDDEN,
                    "detail.providerNotYourChannel", channel, province);
        }
    }
}

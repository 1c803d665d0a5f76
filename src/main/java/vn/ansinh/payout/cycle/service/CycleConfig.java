package vn.ansinh.payout.cycle.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of payment cycles (ansinh.cycles.*). */
@ConfigMapping(prefix = "ansinh.cycles")
public interface CycleConfig {

    /** Funeral support as a multiple of the standard level (Nghị định 20/2021, Điều 11: at least 20). */
    @WithDefault("20")
    long funeralMultiple();

    Disbursement disbursement();

    Callbacks callbacks();

    Adjustments adjustments();

    interface Adjustments {
        /**
         * Above this amount (either sign, VND) only a province officer may approve an adjustment; below it another
         * commune officer of the commune may.
         */
        @WithDefault("2000000")
        long provinceApprovalAbove();
    }

    interface Disbursement {
        /** The paying authority's account, as a G2P Connect financial address. */
        @WithDefault("account:treasury@ansinh.gov.vn")
        String payerFa();

        @WithDefault("ansinh-payout")
        String senderId();
    }

    interface Callbacks {
        /** How far a callback's timestamp may be from now. */
        @WithDefault("5m")
        Duration tolerance();
    }
}

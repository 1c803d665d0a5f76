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

    Results results();

    /** Budgets of a payment results file, besides its size (ansinh.http.max-upload-size). */
    interface Results {
        /** Rows of one file: a cycle of a million lines, twice over. */
        @WithDefault("2000000")
        long maxRows();

        /** Characters in one row (seven short fields and a failure detail). */
        @WithDefault("4096")
        int maxLineLength();
    }

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

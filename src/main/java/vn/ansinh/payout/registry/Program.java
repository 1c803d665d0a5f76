package vn.ansinh.payout.registry;

/** The three allowance programs (domain.md §1), each with its own budget line and standard level. */
public enum Program {
    /** Trợ cấp xã hội hàng tháng (BTXH), Nghị định 20/2021. */
    SOCIAL_ASSISTANCE,
    /** Trợ cấp hưu trí xã hội, Nghị định 176/2025. */
    SOCIAL_PENSION,
    /** Trợ cấp ưu đãi người có công, Nghị định 77/2024. */
    MERIT
}

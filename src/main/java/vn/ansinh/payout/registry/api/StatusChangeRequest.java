package vn.ansinh.payout.registry.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "StatusChangeRequest", description = "Suspend, end or resume payment (Thông tư 02/2021, Điều 2)")
public record StatusChangeRequest(
        @NotNull @Pattern(regexp = "ACTIVE|SUSPENDED|ENDED") String toStatus,
        @NotNull @Pattern(regexp = "NOT_COLLECTED_3_MONTHS|REASSESSMENT|OTHER|DEATH|LOSS_OF_ELIGIBILITY|REFUSAL|MOVED_OUT|PRISON_SENTENCE|FAILED_REASSESSMENT|RESUMED")
        @Schema(description = "SUSPENDED: NOT_COLLECTED_3_MONTHS, REASSESSMENT, OTHER; ENDED: DEATH, LOSS_OF_ELIGIBILITY, "
                + "REFUSAL, MOVED_OUT, PRISON_SENTENCE, FAILED_REASSESSMENT; ACTIVE: RESUMED") String reason,
        @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])")
        @Schema(description = "First month the new status applies (for ENDED: the first month not paid)", example = "2026-12")
        String effectiveMonth,
        @Size(max = 500) String note) {
}

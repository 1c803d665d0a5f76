package vn.ansinh.payout.registry.api;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.registry.Move;

@Schema(name = "MoveRequest", description = "Move a beneficiary to another commune; the caller must cover both communes")
public record MoveRequest(
        @NotNull @Pattern(regexp = "[0-9]{5}") @Schema(example = "21025") String toCommune,
        @NotBlank @Size(max = 300) String toAddress,
        @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(description = "First month paid by the new commune")
        String effectiveMonth,
        @Schema(description = "For a person paid in cash at a payment point: the point of the new commune they will use. "
                + "Left out, the chosen point is cleared and the person is paid at the new commune's point.")
        UUID paymentPointId) {

    @Schema(name = "Move")
    public record View(UUID id, String fromCommune, String toCommune, String fromAddress, String toAddress,
            String effectiveMonth, String decidedBy, OffsetDateTime recordedAt) {

        public static View of(Move m) {
            return new View(m.id, m.fromCommune, m.toCommune, m.fromAddress, m.toAddress,
                    YearMonth.from(m.effectiveMonth).toString(), m.decidedBy, m.recordedAt);
        }
    }
}

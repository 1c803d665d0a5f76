package vn.ansinh.payout.registration.api;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "VerificationDecision")
public record VerificationDecision(
        @NotNull @Pattern(regexp = "VERIFIED|NEEDS_DOCUMENTS|REJECTED") String decision,
        @Size(max = 10) @Schema(description = "Required for NEEDS_DOCUMENTS and REJECTED") List<@NotBlank @Size(max = 300) String> reasons,
        @Size(max = 500) @Schema(description = "For VERIFIED when the automatic checks ended in MANUAL_CHECK (a registry "
                + "unavailable, or a representative no registry confirms): what the checker verified by hand in the evidence "
                + "attached (papers, photos). Ignored otherwise; a FAILED check is never overridden.") String manualCheckNote) {
}

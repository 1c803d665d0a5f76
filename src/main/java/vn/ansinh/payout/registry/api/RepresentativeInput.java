package vn.ansinh.payout.registry.api;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RepresentativeInput", description = "A guardian (GUARDIAN) or authorized person (AUTHORIZED)")
public record RepresentativeInput(
        @NotNull @Pattern(regexp = "GUARDIAN|AUTHORIZED") String kind,
        @NotNull @Pattern(regexp = "0[0-9]{11}") String nationalId,
        @NotBlank @Size(max = 150) String fullName,
        @Size(max = 20) String phone,
        @NotBlank @Size(max = 60) @Schema(example = "con gái") String relationship,
        @NotNull LocalDate validFrom,
        LocalDate validTo,
        @NotBlank @Size(max = 100) @Schema(example = "GUQ-2026/015") String authorizationRef) {
}

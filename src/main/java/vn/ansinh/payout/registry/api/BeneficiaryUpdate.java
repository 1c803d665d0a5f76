package vn.ansinh.payout.registry.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BeneficiaryUpdate", description = "Contact and situation details; send with If-Match")
public record BeneficiaryUpdate(
        @NotBlank @Size(max = 150) String fullName,
        @NotBlank @Size(max = 300) String addressLine,
        @Size(max = 20) String phone,
        @NotNull @Pattern(regexp = "CAN_TRAVEL|CANNOT_TRAVEL") String mobility) {
}

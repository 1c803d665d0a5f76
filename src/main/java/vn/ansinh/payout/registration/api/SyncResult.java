package vn.ansinh.payout.registration.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import vn.ansinh.payout.common.api.Problem;

@Schema(name = "SyncResult")
public record SyncResult(List<ItemResult> items, int created, int duplicates, int rejected) {

    @Schema(name = "SyncItemResult")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(
            int index,
            @Schema(description = "The item's registration id, when it could be read") UUID id,
            @Schema(enumeration = { "CREATED", "DUPLICATE", "REJECTED" }) String outcome,
            @Schema(description = "For CREATED and DUPLICATE") RegistrationView registration,
            @Schema(description = "For REJECTED: why, as a problem detail") Problem problem) {
    }
}

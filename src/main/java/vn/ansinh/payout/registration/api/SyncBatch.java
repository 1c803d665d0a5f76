package vn.ansinh.payout.registration.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** An offline phone's queue, sent in one request. Items are checked one by one, so one bad item never rejects the batch. */
@Schema(name = "SyncBatch")
public record SyncBatch(
        @NotNull @Size(min = 1, max = 200) List<@NotNull Item> items) {

    @Schema(name = "SyncItem")
    public record Item(
            @NotNull @Schema(enumeration = { "REGISTRATION" }) String type,
            @NotNull @Schema(implementation = RegistrationRequest.class) JsonNode payload) {
    }
}

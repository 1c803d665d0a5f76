package vn.ansinh.payout.cycle.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.cycle.service.ProviderFeeService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/provider-fees")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment cycles")
public class ProviderFeeResource {

    @Schema(name = "NewProviderFee", description = "A provider's service fee for a channel of a province from a month: a paid "
            + "line costs fixedVnd + amount × rateBp / 10,000 (rounded), kept within [minVnd, maxVnd]")
    public record NewFee(@NotNull @Pattern(regexp = "[0-9]{2}") @Schema(example = "51") String provinceCode,
            @NotNull @Pattern(regexp = "BANK_ACCOUNT|E_WALLET|CASH_AT_POINT|HOME_DELIVERY") String channel,
            @NotNull @Pattern(regexp = "[A-Z0-9_]{2,32}") @Schema(example = "VNPOST") String providerCode,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(example = "2027-01") String effectiveFrom,
            @Min(0) @Max(1_000_000) @Schema(description = "Integer VND per paid line", example = "2000") long fixedVnd,
            @Min(0) @Max(1000) @Schema(description = "Basis points (hundredths of a percent) of the amount paid", example = "50") int rateBp,
            @Min(0) @Max(1_000_000) long minVnd,
            @Min(0) @Max(10_000_000) @Schema(description = "Absent: no maximum") Long maxVnd,
            @NotBlank @Size(max = 200) @Schema(example = "Hợp đồng 12/2026/HĐ-SYT") String contractRef) {
    }

    @Schema(name = "ProviderFeeCheck", description = "The second officer's decision on a fee schedule")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
    }

    @Schema(name = "ProviderFee", description = "PENDING_CHECK: entered, prices nothing; APPROVED by `checkedBy` (never "
            + "`requestedBy`): prices the lines paid by this channel from `effectiveFrom` until the next schedule; REJECTED: never.")
    public record View(UUID id, String provinceCode,
            @Schema(enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY" }) String channel,
            String providerCode, @Schema(example = "2027-01") String effectiveFrom, long fixedVnd, int rateBp, long minVnd,
            Long maxVnd, String contractRef, @Schema(enumeration = { "PENDING_CHECK", "APPROVED", "REJECTED" }) String state,
            String requestedBy, OffsetDateTime requestedAt, String checkedBy, OffsetDateTime checkedAt, String checkNote) {

        static View of(ProviderFeeService.Fee f) {
            return new View(f.id(), f.provinceCode(), f.channel(), f.providerCode(), YearMonth.from(f.effectiveFrom()).toString(),
                    f.fixedVnd(), f.rateBp(), f.minVnd(), f.maxVnd(), f.contractRef(), f.state(), f.requestedBy(), f.requestedAt(),
                    f.checkedBy(), f.checkedAt(), f.checkNote());
        }
    }

    private final ProviderFeeService service;
    private final CurrentCaller caller;

    public ProviderFeeResource(ProviderFeeService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listProviderFees", summary = "A province's fee schedules over time, with their checks")
    public Uni<List<View>> list(@QueryParam("province") @NotNull @Pattern(regexp = "[0-9]{2}") String province) {
        return service.list(caller.get(), province).map(l -> l.stream().map(View::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "createProviderFee", summary = "Enter a provider's fee schedule for a channel from a month",
            description = "The provider must be the one bound to the channel in the province (422). At most 12 months back; "
                    + "waits for another province officer's check (maker-checker). Audited.")
    @APIResponse(responseCode = "201", description = "Entered, waiting for its check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "409", description = "A schedule of this channel already starts that month")
    @APIResponse(responseCode = "422", description = "The provider does not serve this channel in the province")
    public Uni<RestResponse<View>> create(@NotNull @Valid NewFee body) {
        return service.request(caller.get(), new ProviderFeeService.NewFee(body.provinceCode(), body.channel(), body.providerCode(),
                YearMonth.parse(body.effectiveFrom()), body.fixedVnd(), body.rateBp(), body.minVnd(), body.maxVnd(),
                body.contractRef()))
                .map(f -> RestResponse.ResponseBuilder.<View>created(URI.create("/api/v1/provider-fees?province="
                        + f.provinceCode())).entity(View.of(f)).build());
    }

    @POST
    @Path("/{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "checkProviderFee", summary = "Approve or reject an entered fee schedule",
            description = "By a province officer of the province other than the one who entered it. Audited.")
    @APIResponse(responseCode = "200", description = "Decided",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<View> check(@PathParam("id") UUID id, @NotNull @Valid Check body) {
        return service.check(caller.get(), id, "APPROVE".equals(body.decision()), body.note()).map(View::of);
    }
}

package vn.ansinh.payout.cycle.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.cycle.service.PaymentPointService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/payment-points")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment points", description = "Commune cash payment points and the days they pay")
public class PaymentPointResource {

    @Schema(name = "PaymentPoint")
    public record View(UUID id, String communeCode, String name, String address,
            @Schema(description = "First day of the month the point pays") int firstDay, int lastDay, String openingHours) {

        static View of(PaymentPointService.PaymentPoint p) {
            return new View(p.id(), p.communeCode(), p.name(), p.address(), p.firstDay(), p.lastDay(), p.openingHours());
        }
    }

    @Schema(name = "NewPaymentPoint")
    public record NewPoint(@NotNull @Pattern(regexp = "[0-9]{5}") String communeCode, @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 300) String address, @Min(1) @Max(28) int firstDay, @Min(1) @Max(28) int lastDay,
            @NotBlank @Size(max = 100) @Schema(example = "7:30–11:00") String openingHours) {
    }

    private final PaymentPointService service;
    private final CurrentCaller caller;

    public PaymentPointResource(PaymentPointService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "listPaymentPoints", summary = "A commune's payment points and schedules (public)")
    public Uni<List<View>> list(@QueryParam("commune") @NotNull @Pattern(regexp = "[0-9]{5}") String commune) {
        return service.list(commune).map(l -> l.stream().map(View::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "createPaymentPoint", summary = "Add a payment point to a commune in the caller's areas")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    public Uni<RestResponse<View>> create(@NotNull @Valid NewPoint body) {
        if (body.lastDay() < body.firstDay()) {
            throw new vn.ansinh.payout.common.api.ApiException(vn.ansinh.payout.common.api.ErrorCode.VALIDATION_FAILED,
                    List.of(new vn.ansinh.payout.common.api.Problem.FieldError("lastDay", "BEFORE_FIRST_DAY", "field.lastDay")),
                    "detail.validation");
        }
        return service.create(caller.get(), body.communeCode(), body.name(), body.address(), body.firstDay(), body.lastDay(),
                body.openingHours()).map(p -> RestResponse.ResponseBuilder
                        .<View>created(URI.create("/api/v1/payment-points/" + p.id())).entity(View.of(p)).build());
    }
}

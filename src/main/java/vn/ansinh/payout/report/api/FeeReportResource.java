package vn.ansinh.payout.report.api;

import java.time.YearMonth;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.report.service.FeeReportService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

/** The providers' service fees: per commune for a month, per line for a cycle. JSON, or CSV with {@code format=csv}. */
@Path("/api/v1/reports/fees")
@Tag(name = "Reports")
public class FeeReportResource {

    private static final String CSV = "text/csv";

    private final FeeReportService service;
    private final CurrentCaller caller;

    public FeeReportResource(FeeReportService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "feeReport", summary = "The month's provider fees per commune and channel",
            description = "Lines of the month's approved cycles paid (latest attempt PAID, amount above zero) in the area, by the "
                    + "commune on the line and the channel that paid it, priced with the approved fee schedule in force for the "
                    + "month; lines no schedule covers are counted as unpriced. Computed live. `format=csv` gives CSV (UTF-8 with "
                    + "BOM). An area outside the caller's scope is refused (403).")
    @APIResponse(responseCode = "200", description = "The report: JSON (FeeReport) or CSV",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeReportService.MonthlyFees.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Uni<Response> monthly(@QueryParam("month") @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") String month,
            @QueryParam("area") @NotNull @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = "json|csv") String format) {
        return service.monthly(caller.get(), YearMonth.parse(month), area).map(r -> "csv".equals(format)
                ? file(FeeReportService.csv(r), "phi-dich-vu-" + area + "-" + month + ".csv")
                : Response.ok(r, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/lines")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "feeLinesReport", summary = "The fee of each paid line of a cycle",
            description = "The provider's part of its report: each paid line (reference, commune, channel that paid it, amount) "
                    + "with the fee the approved schedule gives it (absent when none covers it). A provider sees the lines of the "
                    + "channels it pays. `format=csv` gives CSV (UTF-8 with BOM).")
    @APIResponse(responseCode = "200", description = "The lines: JSON (FeeLines) or CSV",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeReportService.CycleFees.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Uni<Response> lines(@QueryParam("cycleId") @NotNull UUID cycle,
            @QueryParam("format") @Pattern(regexp = "json|csv") String format) {
        return service.cycle(caller.get(), cycle).map(r -> "csv".equals(format)
                ? file(FeeReportService.csv(r), "phi-dich-vu-" + cycle + ".csv")
                : Response.ok(r, MediaType.APPLICATION_JSON).build());
    }

    private static Response file(byte[] body, String name) {
        return Response.ok(body, CSV + "; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }
}

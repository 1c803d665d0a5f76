package vn.ansinh.payout.registry.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.registry.service.AccountListExport;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/reports/account-information")
@Tag(name = "Reports")
public class AccountListResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final AccountListExport export;
    private final CurrentCaller caller;

    public AccountListResource(AccountListExport export, CurrentCaller caller) {
        this.export = export;
        this.caller = caller;
    }

    @GET
    @Produces({ "text/csv", XLSX })
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "exportAccountInformation", summary = "The account-information list (Công văn 5234)",
            description = "Name, date of birth, national ID, residence, account or wallet with its bank or provider, phone "
                    + "and representative of every beneficiary in payment in the caller's areas (or the `area` named, "
                    + "which must be inside them). Identifiers are in full: each export is recorded in the audit trail. "
                    + "CSV (UTF-8 with BOM) or XLSX by `format` or Accept.")
    @APIResponse(responseCode = "200", description = "The list, as a file",
            content = { @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Uni<jakarta.ws.rs.core.Response> exportList(
            @Parameter(example = "21211") @QueryParam("area") @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = "csv|xlsx") String format,
            @jakarta.ws.rs.core.Context HttpHeaders headers) {
        boolean xlsx = "xlsx".equals(format) || (format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> XLSX.equals(m.getType() + "/" + m.getSubtype())));
        AccountListExport.Format f = xlsx ? AccountListExport.Format.XLSX : AccountListExport.Format.CSV;
        return export.export(caller.get(), area, f).map(file -> jakarta.ws.rs.core.Response.ok(file.content())
                .type(xlsx ? XLSX : "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"danh-sach-tai-khoan" + (area == null ? "" : "-" + area)
                        + (xlsx ? ".xlsx" : ".csv") + "\"")
                .header("Cache-Control", "no-store")
                .build());
    }
}

package vn.ansinh.payout.job.api;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.job.JobRuns;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scheduled jobs", description = "Runs of the monthly jobs and what they flagged")
public class JobResource {

    @Schema(name = "JobRun")
    public record RunView(long id, String job, @Schema(example = "2026-12") String period,
            @Schema(enumeration = { "RUNNING", "SUCCEEDED", "FAILED" }) String status, String owner, int attempts,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, @Schema(description = "JSON of the run's counts") String counts,
            String error) {

        public static RunView of(JobRuns.Run r) {
            return new RunView(r.id(), r.job(), r.period(), r.status(), r.owner(), r.attempts(), r.startedAt(), r.finishedAt(),
                    r.counts(), r.error());
        }
    }

    @Schema(name = "SuspensionReview", description = "Someone who has not collected for 3 consecutive months (Thông tư 02/2021)")
    public record ReviewView(UUID id, UUID beneficiaryId, String beneficiaryName, String communeCode, String program,
            String firstMonth, String lastMonth, long unpaidAmountVnd, OffsetDateTime flaggedAt) {
    }

    private final JobRuns runs;
    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final CurrentCaller caller;

    public JobResource(JobRuns runs, Pool pool, Jurisdiction jurisdiction, CurrentCaller caller) {
        this.runs = runs;
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.caller = caller;
    }

    @GET
    @Path("/jobs/runs")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR })
    @Operation(operationId = "listJobRuns", summary = "Runs of the scheduled jobs: start, end, outcome, counts",
            description = "Operators and auditors only: a run's counts name every province's cycles.")
    public Uni<Page<RunView>> list(
            @QueryParam("job") @Pattern(regexp = "generate-cycles|suspension-review|open-payments-reminder") String job,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return runs.list(job, page, size).flatMap(items -> runs.count(job)
                .map(total -> Page.of(items.stream().map(RunView::of).toList(), page, size, total)));
    }

    @GET
    @Path("/suspension-reviews")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listSuspensionReviews", summary = "Beneficiaries flagged for suspension review in the caller's areas",
            description = "Flagged by the monthly job; nobody is suspended automatically: the commune decides through the "
                    + "beneficiary's status changes.")
    public Uni<Page<ReviewView>> reviews(@QueryParam("commune") @Pattern(regexp = "[0-9]{2,5}") String commune,
            @QueryParam("month") @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String month,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        java.time.LocalDate last = month == null ? null : YearMonth.parse(month).atDay(1);
        return jurisdiction.visibleAreas(caller.get(), commune).flatMap(areas -> {
            Tuple args = Tuple.from(Arrays.asList(areas.toArray(String[]::new), last, size, page * size));
            return pool.preparedQuery("""
                    select s.id, s.beneficiary_id, b.full_name, s.commune_code, s.program, s.first_month, s.last_month,
                           s.unpaid_amount_vnd, s.flagged_at
                    from suspension_review s join beneficiary b on b.id = s.beneficiary_id
                    where s.commune_code = any($1) and ($2::date is null or s.last_month = $2)
                    order by s.last_month desc, s.commune_code, b.name_folded limit $3 offset $4
                    """).execute(args).flatMap(rows -> {
                        List<ReviewView> out = new ArrayList<>();
                        for (Row r : rows) {
                            out.add(new ReviewView(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getString(4),
                                    YearMonth.from(r.getLocalDate(5)).toString(), YearMonth.from(r.getLocalDate(6)).toString(),
                                    r.getLong(7), r.getOffsetDateTime(8)));
                        }
                        return pool.preparedQuery("select count(*) from suspension_review s where s.commune_code = any($1) "
                                + "and ($2::date is null or s.last_month = $2)")
                                .execute(Tuple.from(Arrays.asList(areas.toArray(String[]::new), last)))
                                .map(c -> Page.of(out, page, size, c.iterator().next().getLong(0)));
                    });
        });
    }
}

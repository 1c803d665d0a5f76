package vn.ansinh.payout.job;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Claims, records and lists runs of scheduled jobs. Claiming inserts (job, period); the unique key lets
 * one replica win. A claim is a lease: a run still RUNNING after it (its replica crashed) or FAILED may
 * be claimed again, and the jobs are idempotent, so running again finishes the work without doing it twice.
 */
@ApplicationScoped
public class JobRuns {

    public record Run(long id, String job, String period, String status, String owner, int attempts, OffsetDateTime startedAt,
            OffsetDateTime finishedAt, String counts, String error) {
    }

    /** A run that may need to be resumed: its lease expired while RUNNING, or it FAILED with attempts left. */
    public record Stalled(String job, String period) {
    }

    static final int MAX_ATTEMPTS = 3;

    private final Pool pool;
    private final ObjectMapper json;
    private final Duration lease;
    private final String owner;

    public JobRuns(Pool pool, ObjectMapper json, @ConfigProperty(name = "ansinh.jobs.lease") Duration lease) {
        this.pool = pool;
        this.json = json;
        this.lease = lease;
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        this.owner = host + "/" + ProcessHandle.current().pid();
    }

    /** The run's id when this replica got the claim, null when another holds it or it already succeeded. */
    public Uni<Long> claim(String job, String period) {
        return pool.preparedQuery("""
                insert into job_run (job, period, status, owner, lease_until)
                values ($1, $2, 'RUNNING', $3, now() + make_interval(secs => $4))
                on conflict (job, period) do update set status = 'RUNNING', owner = excluded.owner,
                    attempts = job_run.attempts + 1, started_at = now(), lease_until = excluded.lease_until,
                    finished_at = null, error = null
                where (job_run.status = 'RUNNING' and job_run.lease_until < now())
                   or (job_run.status = 'FAILED' and job_run.attempts < $5)
                returning id
                """).execute(Tuple.of(job, period, owner, (double) lease.toSeconds(), MAX_ATTEMPTS))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null);
    }

    public Uni<Void> succeed(long id, Map<String, ?> counts) {
        // only while this replica still holds the claim: a run taken over after its lease is the other's to finish
        return pool.preparedQuery("update job_run set status = 'SUCCEEDED', finished_at = now(), counts = $2::jsonb "
                + "where id = $1 and owner = $3 and status = 'RUNNING'")
                .execute(Tuple.of(id, toJson(counts), owner)).replaceWithVoid();
    }

    public Uni<Void> fail(long id, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage());
        return pool.preparedQuery("update job_run set status = 'FAILED', finished_at = now(), error = $2 "
                + "where id = $1 and owner = $3 and status = 'RUNNING'")
                .execute(Tuple.of(id, message.length() > 1000 ? message.substring(0, 1000) : message, owner)).replaceWithVoid();
    }

    public Uni<List<Stalled>> stalled() {
        return pool.preparedQuery("select job, period from job_run where (status = 'RUNNING' and lease_until < now()) "
                + "or (status = 'FAILED' and attempts < $1) order by started_at").execute(Tuple.of(MAX_ATTEMPTS))
                .map(rows -> {
                    List<Stalled> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Stalled(r.getString(0), r.getString(1))));
                    return out;
                });
    }

    public Uni<Run> find(String job, String period) {
        return pool.preparedQuery("select * from job_run where job = $1 and period = $2").execute(Tuple.of(job, period))
                .map(rows -> rows.iterator().hasNext() ? run(rows.iterator().next()) : null);
    }

    public Uni<List<Run>> list(String job, int page, int size) {
        return pool.preparedQuery("select * from job_run where ($1::text is null or job = $1) order by started_at desc, id desc "
                + "limit $2 offset $3").execute(Tuple.from(Arrays.asList(job, size, page * size))).map(rows -> {
                    List<Run> out = new ArrayList<>();
                    rows.forEach(r -> out.add(run(r)));
                    return out;
                });
    }

    public Uni<Long> count(String job) {
        return pool.preparedQuery("select count(*) from job_run where ($1::text is null or job = $1)")
                .execute(Tuple.from(Arrays.asList(job))).map(rows -> rows.iterator().next().getLong(0));
    }

    private static Run run(Row r) {
        Object counts = r.getValue("counts");
        return new Run(r.getLong("id"), r.getString("job"), r.getString("period"), r.getString("status"), r.getString("owner"),
                r.getInteger("attempts"), r.getOffsetDateTime("started_at"), r.getOffsetDateTime("finished_at"),
                counts == null ? null : counts.toString(), r.getString("error"));
    }

    private String toJson(Map<String, ?> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            Log.warn("job counts not serialisable", e);
            return "{}";
        }
    }
}

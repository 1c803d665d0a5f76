package vn.ansinh.payout.change.service;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.change.ChangeRequest;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Maker-checker for the changes that wait in {@code change_request}: the maker's request is stored, a
 * different person approves or rejects it, and only an approval writes the change (through the feature's
 * {@link ChangeApplier}). Who may make and check is {@link SeparationOfDuties}; the database refuses a
 * checker who is the maker again.
 */
@ApplicationScoped
public class ChangeRequests {

    /** A change request as the maker stored it and the checker decided it. */
    public record Pending(ChangeRequest request, Map<String, Object> summary) {
    }

    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final Instance<ChangeApplier> appliers;

    public ChangeRequests(Jurisdiction jurisdiction, AuditTrail audit, Clock clock, ObjectMapper json,
            Instance<ChangeApplier> appliers) {
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.appliers = appliers;
    }

    // ------------------------------------------------------------------ making (inside the maker's transaction)

    /** Stores a request in the current Hibernate transaction; nothing else changes until it is checked. */
    public Uni<ChangeRequest> request(Caller maker, ChangeRequest.Kind kind, String entityType, String entityId, String area,
            Object payload, Map<String, Object> summary) {
        SeparationOfDuties.requireMaker(kind.step, maker);
        ChangeRequest r = new ChangeRequest();
        r.id = UUID.randomUUID();
        r.kind = kind;
        r.entityType = entityType;
        r.entityId = entityId;
        r.areaCode = area;
        r.payload = write(payload);
        r.summary = write(summary);
        r.state = ChangeRequest.State.PENDING_CHECK;
        r.madeBy = maker.subject();
        return ChangeRequest.<ChangeRequest>find("kind = ?1 and entityType = ?2 and entityId = ?3 and state = ?4", kind,
                entityType, entityId, ChangeRequest.State.PENDING_CHECK).firstResult()
                .flatMap(existing -> existing != null ? Uni.createFrom().failure(pendingAlready(existing.id))
                        : r.<ChangeRequest>persist())
                .call(x -> audit.recordCreated(maker, "CHANGE_REQUESTED", "change_request", r.id.toString(), area,
                        requestedView(r, summary)))
                .call(x -> io.quarkus.hibernate.reactive.panache.Panache.getSession().flatMap(s -> s.flush()))
                .call(x -> io.quarkus.hibernate.reactive.panache.Panache.getSession().flatMap(s -> s.refresh(r)));
    }

    /** Stores a request through a SQL connection, in that connection's transaction. */
    public Uni<UUID> requestOn(SqlConnection c, Caller maker, ChangeRequest.Kind kind, String entityType, String entityId,
            String area, Object payload, Map<String, Object> summary) {
        SeparationOfDuties.requireMaker(kind.step, maker);
        UUID id = UUID.randomUUID();
        return c.preparedQuery("""
                insert into change_request (id, kind, entity_type, entity_id, area_code, payload, summary, made_by)
                values ($1, $2, $3, $4, $5, cast($6::text as jsonb), cast($7::text as jsonb), $8) on conflict do nothing""")
                .execute(Tuple.from(List.of(id, kind.name(), entityType, entityId, area, write(payload), write(summary),
                        maker.subject())))
                .flatMap(rows -> {
                    if (rows.rowCount() == 1) {
                        return Uni.createFrom().voidItem();
                    }
                    return c.preparedQuery("select id from change_request where kind = $1 and entity_type = $2 "
                            + "and entity_id = $3 and state = 'PENDING_CHECK'").execute(Tuple.of(kind.name(), entityType, entityId))
                            .flatMap(found -> Uni.createFrom().failure(pendingAlready(
                                    found.iterator().hasNext() ? found.iterator().next().getUUID(0) : null)));
                })
                .flatMap(v -> {
                    ChangeRequest r = new ChangeRequest();
                    r.id = id;
                    r.kind = kind;
                    r.entityType = entityType;
                    r.entityId = entityId;
                    return audit.recordBatch(c, maker, List.of(new AuditTrail.BatchEntry("CHANGE_REQUESTED", "change_request",
                            id.toString(), area, requestedView(r, summary))));
                })
                .replaceWith(id);
    }

    // ------------------------------------------------------------------ reading

    @WithSession
    public Uni<ChangeRequest> get(Caller caller, UUID id) {
        return ChangeRequest.<ChangeRequest>findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("changeRequest"))
                .call(r -> jurisdiction.require(caller, r.areaCode));
    }

    @WithSession
    public Uni<Page<ChangeRequest>> list(Caller caller, String area, ChangeRequest.State state, ChangeRequest.Kind kind,
            String entityId, int page, int size) {
        return jurisdiction.visibleAreas(caller, area).flatMap(areas -> {
            if (areas.isEmpty()) {
                return Uni.createFrom().item(Page.<ChangeRequest>of(List.of(), page, size, 0));
            }
            List<String> where = new ArrayList<>(List.of("areaCode in :areas"));
            Parameters p = Parameters.with("areas", areas);
            if (state != null) {
                where.add("state = :state");
                p.and("state", state);
            }
            if (kind != null) {
                where.add("kind = :kind");
                p.and("kind", kind);
            }
            if (entityId != null) {
                where.add("entityId = :entityId");
                p.and("entityId", entityId);
            }
            return Page.fetch(ChangeRequest.find(String.join(" and ", where), Sort.by("madeAt").and("id"), p), page, size);
        });
    }

    // ------------------------------------------------------------------ checking

    /**
     * The checker's decision. The rule is checked before anything is written: the checker holds a
     * checker role of the step, covers its area and is not its maker, whatever roles their token carries.
     */
    public Uni<ChangeRequest> check(Caller checker, UUID id, boolean approve, String note) {
        return get(checker, id).flatMap(r -> {
            SeparationOfDuties.requireChecker(r.kind.step, checker, r.madeBy);
            if (r.state != ChangeRequest.State.PENDING_CHECK) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending", r.state.name()));
            }
            if (!approve) {
                return reject(checker, id, note);
            }
            return applierFor(r.kind).apply(id, checker, note);
        });
    }

    private Uni<ChangeRequest> reject(Caller checker, UUID id, String note) {
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> claim(id, checker, note, ChangeRequest.State.REJECTED));
    }

    /**
     * Marks a pending request decided inside the current Hibernate transaction (row-locked, so two
     * checkers cannot both apply it), checking the rule again against the stored maker.
     */
    public Uni<ChangeRequest> claim(UUID id, Caller checker, String note, ChangeRequest.State outcome) {
        return ChangeRequest.<ChangeRequest>findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.notFound("changeRequest"))
                .call(r -> jurisdiction.require(checker, r.areaCode))
                .invoke(r -> {
                    SeparationOfDuties.requireChecker(r.kind.step, checker, r.madeBy);
                    if (r.state != ChangeRequest.State.PENDING_CHECK) {
                        throw new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending", r.state.name());
                    }
                    r.state = outcome;
                    r.checkedBy = checker.subject();
                    r.checkedAt = clock.now().atOffset(ZoneOffset.UTC);
                    r.checkNote = note;
                })
                .call(r -> audit.recordChanged(checker, "CHANGE_CHECKED", "change_request", r.id.toString(), r.areaCode,
                        Map.of("state", "PENDING_CHECK"), checkedView(r)));
    }

    /** A claimed request read through a SQL connection (for features on the SQL client). */
    public record Claimed(UUID id, ChangeRequest.Kind kind, String payload, String madeBy, String areaCode) {
    }

    /** {@link #claim} through a SQL connection, in its transaction. */
    public Uni<Claimed> claimOn(SqlConnection c, UUID id, Caller checker, String note) {
        return c.preparedQuery("select kind, payload::text, made_by, area_code, state from change_request where id = $1 for update")
                .execute(Tuple.of(id)).flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("changeRequest"));
                    }
                    Row row = rows.iterator().next();
                    Claimed claimed = new Claimed(id, ChangeRequest.Kind.valueOf(row.getString("kind")), row.getString(1),
                            row.getString("made_by"), row.getString("area_code"));
                    return jurisdiction.require(checker, claimed.areaCode()).map(ok -> {
                        SeparationOfDuties.requireChecker(claimed.kind().step, checker, claimed.madeBy());
                        if (!"PENDING_CHECK".equals(row.getString("state"))) {
                            throw new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending", row.getString("state"));
                        }
                        return claimed;
                    });
                })
                .call(claimed -> c.preparedQuery("update change_request set state = 'APPLIED', checked_by = $2, checked_at = $3, "
                        + "check_note = $4 where id = $1").execute(Tuple.of(id, checker.subject(),
                                clock.now().atOffset(ZoneOffset.UTC), note)))
                .call(claimed -> audit.recordBatch(c, checker, List.of(new AuditTrail.BatchEntry("CHANGE_CHECKED",
                        "change_request", id.toString(), claimed.areaCode(), mapOf("state", "APPLIED", "madeBy",
                                claimed.madeBy(), "note", note)))));
    }

    /** Records what an applied change created (the status change, move, representative...). */
    public Uni<Void> resultOn(SqlConnection c, UUID id, String resultId) {
        return c.preparedQuery("update change_request set result_id = $2 where id = $1").execute(Tuple.of(id, resultId))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<ChangeRequest> reload(UUID id) {
        return ChangeRequest.<ChangeRequest>findById(id);
    }

    public <T> T read(String payload, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored change request cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> summaryOf(ChangeRequest r) {
        return read(r.summary, Map.class);
    }

    private ChangeApplier applierFor(ChangeRequest.Kind kind) {
        for (ChangeApplier a : appliers) {
            if (a.kinds().contains(kind)) {
                return a;
            }
        }
        throw new IllegalStateException("no applier for " + kind);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException pendingAlready(UUID existing) {
        ApiException e = new ApiException(ErrorCode.CONFLICT, "detail.changePending");
        return existing == null ? e : e.with("pending", "/api/v1/change-requests/" + existing);
    }

    private static Map<String, Object> requestedView(ChangeRequest r, Map<String, Object> summary) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", r.kind.name());
        v.put("entity", r.entityType + "/" + r.entityId);
        v.put("summary", summary);
        return v;
    }

    private static Map<String, Object> checkedView(ChangeRequest r) {
        return mapOf("state", r.state.name(), "madeBy", r.madeBy, "note", r.checkNote);
    }

    static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

package vn.ansinh.payout.registration.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.registration.Registration;

@ApplicationScoped
@WithSession
public class RegistrationRepository implements PanacheRepositoryBase<Registration, UUID> {

    /**
     * Inserts the registration unless its id exists. Returns whether this call inserted it: with two
     * concurrent submissions of one id, the second waits on the primary key and inserts nothing.
     */
    public Uni<Boolean> insertIfAbsent(Registration r) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into registration (id, payload_hash, payload, state, commune_code, beneficiary_id, method,
                                          submitted_by, submitted_at, device_time, latitude, longitude, gps_accuracy_m,
                                          area_mapping)
                values (:id, :hash, cast(cast(:payload as text) as jsonb), 'SUBMITTED', :commune, :beneficiary,
                        :method, :submittedBy, :submittedAt, :deviceTime, :lat, :lon, :accuracy,
                        cast(cast(:areaMapping as text) as jsonb))
                on conflict (id) do nothing""")
                .setParameter("id", r.id)
                .setParameter("hash", r.payloadHash)
                .setParameter("payload", r.payload)
                .setParameter("commune", r.communeCode)
                .setParameter("areaMapping", r.areaMapping)
                .setParameter("beneficiary", r.beneficiaryId)
                .setParameter("method", r.method)
                .setParameter("submittedBy", r.submittedBy)
                .setParameter("submittedAt", r.submittedAt)
                .setParameter("deviceTime", r.deviceTime)
                .setParameter("lat", r.latitude)
                .setParameter("lon", r.longitude)
                .setParameter("accuracy", r.gpsAccuracyM)
                .executeUpdate())
                .map(count -> count == 1);
    }

    public Uni<Page<Registration>> worklist(Set<String> communes, String state, int page, int size) {
        if (communes.isEmpty()) {
            return Uni.createFrom().item(Page.of(List.of(), page, size, 0));
        }
        List<String> where = new ArrayList<>(List.of("communeCode in :communes"));
        Parameters p = Parameters.with("communes", communes);
        if (state != null) {
            where.add("state = :state");
            p.and("state", state);
        }
        var query = find(String.join(" and ", where), Sort.by("submittedAt").and("id"), p);
        return Page.fetch(query, page, size);
    }
}

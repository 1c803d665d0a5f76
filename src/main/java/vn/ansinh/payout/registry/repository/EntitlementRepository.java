package vn.ansinh.payout.registry.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.registry.Entitlement;

@ApplicationScoped
@WithSession
public class EntitlementRepository implements PanacheRepositoryBase<Entitlement, UUID> {

    public Uni<List<Entitlement>> forBeneficiary(UUID beneficiaryId) {
        return list("beneficiaryId", Sort.by("startMonth").and("id"), beneficiaryId);
    }
}

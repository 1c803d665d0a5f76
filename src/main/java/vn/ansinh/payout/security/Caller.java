package vn.ansinh.payout.security;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who is acting: the token's subject, roles and area scope, and the request being served. Passed
 * explicitly to services so that rules and the audit trail never depend on a request context
 * (scheduled jobs act as a system caller).
 */
public record Caller(String subject, Set<String> roles, Set<String> areas, String requestId, String provider) {

    public Caller {
        roles = Set.copyOf(roles);
        areas = Set.copyOf(areas);
    }

    /** A caller that works for no payment provider. */
    public Caller(String subject, Set<String> roles, Set<String> areas, String requestId) {
        this(subject, roles, areas, requestId, null);
    }

    /** The role only {@link #system(String)} callers hold; never taken from a token. */
    public static final String SYSTEM_ROLE = "system";

    public static Caller system(String job) {
        return new Caller("system:" + job, Set.of(SYSTEM_ROLE), Set.of(), null);
    }

    /** A scheduled job acting for the service itself (not a person), which no scope applies to. */
    public boolean isSystem() {
        return roles.contains(SYSTEM_ROLE) && requestId == null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Roles in a stable order, for the audit trail. */
    public String rolesText() {
        return String.join(",", new TreeSet<>(roles));
    }
}

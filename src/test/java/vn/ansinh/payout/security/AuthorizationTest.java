package vn.ansinh.payout.security;

import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.as;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles and areas: deny by default, the wrong role is 403, another area's data is 403 OUT_OF_SCOPE. */
@QuarkusTest
class AuthorizationTest {

    @Test
    void aRoleNotNamedByAnEndpointIsForbidden() {
        for (String role : List.of(Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER,
                Roles.PAYMENT_PROVIDER, Roles.ADMIN)) {
            as(role, "51").get("/api/v1/audit").then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        }
        as(Roles.AUDITOR, "51").get("/api/v1/audit").then().statusCode(200);
    }

    @Test
    void aRoleOutsideTheTokenContractGetsNothing() {
        as("superuser", "51").get("/api/v1/areas").then().statusCode(403);
    }

    @Test
    void anotherAreasDataIsOutOfScope() {
        // Quảng Ngãi's auditor asks for Hà Nội's (01) trail, and for one Hà Nội commune's
        as(Roles.AUDITOR, "51").queryParam("area", "01").get("/api/v1/audit").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("OUT_OF_SCOPE"));
        as(Roles.AUDITOR, "51").queryParam("area", "00070").get("/api/v1/audit").then().statusCode(403)
                .body("code", equalTo("OUT_OF_SCOPE"));
        // a commune-scoped auditor may not widen to the whole province
        as(Roles.AUDITOR, "21211").queryParam("area", "51").get("/api/v1/audit").then().statusCode(403);
        // inside scope: the province and one of its communes
        as(Roles.AUDITOR, "51").queryParam("area", "51").get("/api/v1/audit").then().statusCode(200);
        as(Roles.AUDITOR, "51").queryParam("area", "21211").get("/api/v1/audit").then().statusCode(200);
    }

    @Test
    void anUnknownAreaIsOutOfEveryonesScope() {
        as(Roles.AUDITOR, "51").queryParam("area", "51999").get("/api/v1/audit").then().statusCode(403);
    }

    /** Deny by default: every resource method names its roles or is explicitly public. */
    @Test
    void everyEndpointDeclaresWhoMayCallIt() throws Exception {
        List<String> unguarded = new ArrayList<>();
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    continue;
                }
                boolean classGuarded = guarded(type.getAnnotations());
                for (Method m : type.getDeclaredMethods()) {
                    boolean endpoint = Modifier.isPublic(m.getModifiers()) && Stream.of(m.getAnnotations())
                            .anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class));
                    if (endpoint && !classGuarded && !guarded(m.getAnnotations())) {
                        unguarded.add(type.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertThat(unguarded).isEmpty();
    }

    private static boolean guarded(java.lang.annotation.Annotation[] annotations) {
        return Stream.of(annotations).anyMatch(a -> a instanceof RolesAllowed || a instanceof PermitAll || a instanceof DenyAll);
    }
}

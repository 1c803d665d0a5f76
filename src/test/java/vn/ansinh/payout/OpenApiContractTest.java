package vn.ansinh.payout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The committed contract (openapi/) is what the frontend teams build from, so it must be exactly
 * what the code serves. After an intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true} and commit the diff.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Path YAML = Path.of("openapi", "openapi.yaml");
    private static final Path JSON = Path.of("openapi", "openapi.json");

    @Test
    void theCommittedDocumentIsWhatTheServiceServes() throws Exception {
        String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(YAML.getParent());
            Files.writeString(YAML, yaml);
            Files.writeString(JSON, json);
        }
        assertThat(Files.exists(YAML)).as("openapi/openapi.yaml is committed").isTrue();
        assertThat(yaml).as("openapi/openapi.yaml is stale: regenerate with -Dopenapi.update=true")
                .isEqualTo(Files.readString(YAML));
        assertThat(json).as("openapi/openapi.json is stale: regenerate with -Dopenapi.update=true")
                .isEqualTo(Files.readString(JSON));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasAnIdASecurityDecisionProblemResponsesAndItsSuccessBodies() throws Exception {
        JsonPath doc = JsonPath.from(given().queryParam("format", "json").get("/q/openapi").then().extract().asString());
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, raw) -> {
            if (!(raw instanceof Map)) {
                return;
            }
            Map<String, Object> op = (Map<String, Object>) raw;
            String where = method.toUpperCase() + " " + path;
            if (op.get("operationId") == null) {
                problems.add(where + ": no operationId");
            } else {
                ids.add((String) op.get("operationId"));
            }
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            boolean isPublic = op.get("security") instanceof List<?> l && l.isEmpty();
            if (!isPublic && (op.get("security") == null || !responses.containsKey("401") || !responses.containsKey("403"))) {
                problems.add(where + ": secured operation without security requirement or 401/403");
            }
            for (String status : List.of("400", "500")) {
                if (!responses.containsKey(status)) {
                    problems.add(where + ": no " + status + " problem response");
                }
            }
            // a generated client needs the success status and what it carries (or 204 for nothing)
            List<String> successes = responses.keySet().stream().filter(s -> s.startsWith("2")).toList();
            if (successes.isEmpty()) {
                problems.add(where + ": no success response");
            }
            for (String status : successes) {
                Object content = ((Map<String, Object>) responses.get(status)).get("content");
                boolean described = content instanceof Map<?, ?> media && !media.isEmpty()
                        && media.values().stream().allMatch(m -> m instanceof Map<?, ?> mm && mm.get("schema") != null);
                if (!status.equals("204") && !described) {
                    problems.add(where + ": success " + status + " without a body schema");
                }
            }
            if (path.startsWith("/api/") && !path.startsWith("/api/v1/")) {
                problems.add(where + ": business path outside /api/v1");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(ids).doesNotHaveDuplicates().isNotEmpty();
        assertThat(doc.getMap("components.schemas")).containsKey("Problem");
    }
}

package vn.ansinh.payout.registration.port;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.VietnameseText;

/**
 * The National Population Database through a registry {@code search} in the SPDCI / G2P Connect registry
 * shape ({@code POST <base>/registry/sync/search}, query type {@code idtype-value} on the citizen ID).
 * The registry answers the record's name and date of birth; this adapter compares them (accent-folded)
 * and returns only the verdict. Time-outs, refused connections, 5xx, an open breaker, a malformed or
 * unsigned answer are all UNAVAILABLE: a registration then goes to a manual check, never passes.
 *
 * <p>The production bean; dev and test builds replace it with the local simulator.
 */
@DefaultBean
@Singleton
public class HttpPopulationRegistry extends G2pAdapter implements PopulationRegistry {

    static final String PATH = "/registry/sync/search";

    public HttpPopulationRegistry(VerificationConfig config, ObjectMapper json, Clock clock, Vertx vertx) {
        super(config, json, clock, vertx, "population registry", PATH, VerificationConfig::population);
    }

    @Override
    public Uni<Result> verify(String nationalId, String fullName, LocalDate dateOfBirth) {
        if (call == null) {
            return Uni.createFrom().item(Result.UNAVAILABLE);
        }
        return verify(call, json, clock, nationalId, fullName, dateOfBirth);
    }

    /** One search and its verdict; also used by the contract tests against a stub registry. */
    static Uni<Result> verify(RemoteCall call, ObjectMapper json, Clock clock, String nationalId, String fullName,
            LocalDate dateOfBirth) {
        String reference = UUID.randomUUID().toString();
        Map<String, Object> item = Map.of("reference_id", reference, "timestamp", clock.now().toString(),
                "search_criteria", Map.of("reg_type", "ns:org:RegistryType:Civil", "query_type", "idtype-value",
                        "query", Map.of("type", "CCCD", "value", nationalId)));
        return call.post(G2pEnvelope.request(json, "search", "search_request", item, clock.now()))
                .map(body -> verdict(G2pEnvelope.answer(json, body, "search_response", reference), fullName, dateOfBirth))
                .onFailure().recoverWithItem(Result.UNAVAILABLE);
    }

    static Result verdict(JsonNode answer, String fullName, LocalDate dateOfBirth) {
        if (answer == null) {
            return Result.UNAVAILABLE;
        }
        String status = answer.path("status").asText("");
        if ("rjct".equals(status) && answer.path("status_reason_code").asText("").endsWith("no_record")) {
            return Result.NOT_FOUND;
        }
        if (!"succ".equals(status)) {
            return Result.UNAVAILABLE;
        }
        JsonNode records = answer.path("data").path("reg_records");
        if (!records.isArray()) {
            return Result.UNAVAILABLE;
        }
        if (records.isEmpty()) {
            return Result.NOT_FOUND;
        }
        JsonNode record = records.get(0);
        String name = record.path("name").asText(null);
        String born = record.path("birth_date").asText(null);
        if (name == null || born == null || !born.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return Result.UNAVAILABLE;
        }
        boolean sameName = fold(name).equals(fold(fullName));
        return sameName && LocalDate.parse(born).equals(dateOfBirth) ? Result.MATCH : Result.DETAILS_MISMATCH;
    }

    private static String fold(String s) {
        return VietnameseText.fold(s).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}

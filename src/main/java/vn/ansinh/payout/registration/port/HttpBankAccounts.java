package vn.ansinh.payout.registration.port;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import vn.ansinh.payout.common.Clock;

/**
 * The account-holder check through the G2P Connect ID &amp; Account Mapper {@code resolve} call
 * ({@code POST <base>/mapper/resolve}): the financial address {@code <account>@<bank BIN>} is resolved
 * with scope {@code details}, and the answer's {@code additional_info} carries {@code account_holder_name}
 * and {@code account_status} (this service's profile of the mapper, agreed with the provider). The name is
 * compared by {@code RegistrationChecks} with the registered recipient's name. Failures are UNAVAILABLE.
 *
 * <p>The production bean; dev and test builds replace it with the local simulator.
 */
@DefaultBean
@Singleton
public class HttpBankAccounts extends G2pAdapter implements BankAccounts {

    static final String PATH = "/mapper/resolve";

    public HttpBankAccounts(VerificationConfig config, ObjectMapper json, Clock clock, Vertx vertx) {
        super(config, json, clock, vertx, "account mapper", PATH, VerificationConfig::bank);
    }

    @Override
    public Uni<Lookup> holderOf(String bankBin, String accountNumber) {
        if (call == null) {
            return Uni.createFrom().item(Lookup.unavailable());
        }
        return holderOf(call, json, clock, bankBin, accountNumber);
    }

    static Uni<Lookup> holderOf(RemoteCall call, ObjectMapper json, Clock clock, String bankBin, String accountNumber) {
        String reference = UUID.randomUUID().toString();
        Map<String, Object> item = Map.of("reference_id", reference, "timestamp", clock.now().toString(),
                "fa", accountNumber + "@" + bankBin, "scope", "details");
        return call.post(G2pEnvelope.request(json, "resolve", "resolve_request", item, clock.now()))
                .map(body -> lookup(G2pEnvelope.answer(json, body, "resolve_response", reference)))
                .onFailure().recoverWithItem(Lookup.unavailable());
    }

    static Lookup lookup(JsonNode answer) {
        if (answer == null) {
            return Lookup.unavailable();
        }
        String status = answer.path("status").asText("");
        if ("rjct".equals(status) && answer.path("status_reason_code").asText("").startsWith("rjct.fa")) {
            return new Lookup(Lookup.Status.NOT_FOUND, null);
        }
        if (!"succ".equals(status)) {
            return Lookup.unavailable();
        }
        String holder = null;
        String accountStatus = null;
        for (JsonNode info : answer.path("additional_info")) {
            String name = info.path("name").asText("");
            if ("account_holder_name".equals(name)) {
                holder = info.path("value").asText(null);
            } else if ("account_status".equals(name)) {
                accountStatus = info.path("value").asText(null);
            }
        }
        if ("CLOSED".equals(accountStatus)) {
            return new Lookup(Lookup.Status.CLOSED, null);
        }
        if (holder == null || holder.isBlank() || holder.length() > 200 || !"ACTIVE".equals(accountStatus)) {
            return Lookup.unavailable();
        }
        return new Lookup(Lookup.Status.FOUND, holder);
    }
}

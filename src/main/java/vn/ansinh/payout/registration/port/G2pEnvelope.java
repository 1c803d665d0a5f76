package vn.ansinh.payout.registration.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The G2P Connect message envelope ({@code header} + {@code message}) shared by the registry search and the
 * account mapper's resolve (G2P-Connect/specs: api/g2p-registry.yaml, api/g2p-mapper.yaml), as far as
 * these two calls need it.
 */
final class G2pEnvelope {

    private G2pEnvelope() {
    }

    static String request(ObjectMapper json, String action, String listName, Map<String, Object> item, Instant now) {
        Map<String, Object> header = Map.of("version", "1.0.0", "message_id", UUID.randomUUID().toString(),
                "message_ts", now.toString(), "action", action, "sender_id", "ansinh-payout", "total_count", 1,
                "is_msg_encrypted", false);
        Map<String, Object> message = Map.of("transaction_id", UUID.randomUUID().toString(), listName, List.of(item));
        try {
            return json.writeValueAsString(Map.of("header", header, "message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one answer for our reference id in {@code message.<listName>}, or null when there is none. */
    static JsonNode answer(ObjectMapper json, byte[] body, String listName, String referenceId) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
        if (root == null) {
            return null;
        }
        for (JsonNode item : root.path("message").path(listName)) {
            if (referenceId.equals(item.path("reference_id").asText(null))) {
                return item;
            }
        }
        return null;
    }
}

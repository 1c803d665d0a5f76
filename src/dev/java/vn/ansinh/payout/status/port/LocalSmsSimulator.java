package vn.ansinh.payout.status.port;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * LOCAL SIMULATOR, NOT AN SMS GATEWAY. Compiled into dev and test builds only (src/dev/java; see pom.xml):
 * the production build has no such class and sends through {@link HttpSmsGateway}.
 *
 * <p>Keeps the texts "sent" to each number in memory ({@link #textsTo}) so that a developer or a test can
 * read a code; numbers ending in {@code 99} are refused (REJECTED), as a gateway refuses an unreachable
 * number. Logs only the last 3 digits of the number and never the text.
 */
@ApplicationScoped
public class LocalSmsSimulator implements SmsGateway {

    private static final Map<String, List<String>> SENT = new ConcurrentHashMap<>();

    @Override
    public Uni<Result> send(String phoneE164, String text, String reference) {
        if (phoneE164.endsWith("99")) {
            return Uni.createFrom().item(Result.REJECTED);
        }
        SENT.computeIfAbsent(phoneE164, p -> new CopyOnWriteArrayList<>()).add(text);
        Log.infof("SMS simulator: message %s to …%s", reference, phoneE164.substring(phoneE164.length() - 3));
        return Uni.createFrom().item(Result.ACCEPTED);
    }

    /** Every text sent to this number so far, oldest first. */
    public static List<String> textsTo(String phoneE164) {
        return List.copyOf(SENT.getOrDefault(phoneE164, List.of()));
    }
}

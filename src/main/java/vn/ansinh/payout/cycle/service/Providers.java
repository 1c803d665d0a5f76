package vn.ansinh.payout.cycle.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.Roles;

/**
 * The payment providers (tổ chức dịch vụ chi trả) and what each may touch. A provider token names its
 * organisation in the {@code provider} claim; the organisation is bound here, by configuration, to the
 * channels and provinces its contract covers and to its own callback secrets. Configuration rather than a
 * table: contracts change a few times a year with a deployment anyway, and the secrets must come from a
 * Kubernetes Secret, which a table could not hold.
 */
@ApplicationScoped
public class Providers {

    /** ansinh.providers."CODE".* */
    @ConfigMapping(prefix = "ansinh.providers")
    public interface Config {
        @io.smallrye.config.WithParentName
        Map<String, Provider> providers();

        interface Provider {
            /** Channels whose lines it pays: BANK_ACCOUNT, E_WALLET, CASH_AT_POINT, HOME_DELIVERY. */
            List<String> channels();

            /** Province codes its contract covers. */
            List<String> provinces();

            /**
             * Secrets it signs callbacks with: one, or two while rotating (the new one is added, the provider
             * switches, the old one is removed). Each at least 32 bytes; from a Kubernetes Secret.
             */
            List<String> callbackSecrets();
        }
    }

    static final Set<String> TRANSFER_CHANNELS = Set.of("BANK_ACCOUNT", "E_WALLET");
    private static final List<String> PLACEHOLDERS = List.of("change_me", "changeme", "change-me", "secret", "password",
            "placeholder", "example", "test", "dev-only", "todo", "xxx");

    private final Config config;

    public Providers(Config config) {
        this.config = config;
    }

    /** The binding of the caller's organisation, or 403 when the token names none this service knows. */
    public Config.Provider of(Caller caller) {
        Config.Provider p = caller.provider() == null ? null : config.providers().get(caller.provider());
        if (p == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.providerUnknown");
        }
        return p;
    }

    /** Whether the caller acts as a provider here (a province officer acts as the province, on every channel). */
    public static boolean actsAsProvider(Caller caller) {
        return caller.hasRole(Roles.PAYMENT_PROVIDER) && !caller.hasRole(Roles.PROVINCE_OFFICER);
    }

    /** The channels the caller may report results on: null for all (a province officer). */
    public List<String> reportableChannels(Caller caller, String province) {
        if (!actsAsProvider(caller)) {
            return null;
        }
        Config.Provider p = of(caller);
        requireProvince(p, province);
        return p.channels();
    }

    /** A provider downloads a cycle's transfer file only for a province it serves and a transfer channel it pays. */
    public void requireDownload(Caller caller, String province) {
        if (!actsAsProvider(caller)) {
            return;
        }
        Config.Provider p = of(caller);
        requireProvince(p, province);
        if (p.channels().stream().noneMatch(TRANSFER_CHANNELS::contains)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.providerNotYourFile");
        }
    }

    private static void requireProvince(Config.Provider p, String province) {
        if (!p.provinces().contains(province)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.providerNotYourProvince", province);
        }
    }

    /** The secrets the caller's callbacks may be signed with (current, and the next during a rotation). */
    public List<String> callbackSecrets(Caller caller) {
        return of(caller).callbackSecrets();
    }

    /** Refuses a production start with a weak or placeholder secret; dev and test only warn. */
    void onStart(@Observes StartupEvent event) {
        List<String> problems = problems(config);
        if (problems.isEmpty()) {
            return;
        }
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("payment provider configuration refused: " + problems);
        }
        problems.forEach(p -> Log.warnf("payment provider configuration (refused in production): %s", p));
    }

    static List<String> problems(Config config) {
        List<String> problems = new ArrayList<>();
        config.providers().forEach((code, p) -> {
            if (p.callbackSecrets().isEmpty() || p.callbackSecrets().size() > 2) {
                problems.add(code + ": one callback secret, or two while rotating");
            }
            for (int i = 0; i < p.callbackSecrets().size(); i++) {
                String why = weakness(p.callbackSecrets().get(i));
                if (why != null) {
                    problems.add(code + ": callback secret " + (i + 1) + " " + why);
                }
            }
            for (String channel : p.channels()) {
                if (!Set.of("BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY").contains(channel)) {
                    problems.add(code + ": unknown channel " + channel);
                }
            }
            if (p.provinces().stream().anyMatch(x -> !x.matches("[0-9]{2}"))) {
                problems.add(code + ": provinces are two-digit codes");
            }
        });
        return problems;
    }

    /** Why a secret is unacceptable, or null: shorter than 32 bytes, or a known placeholder. */
    public static String weakness(String secret) {
        if (secret == null || secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            return "is shorter than 32 bytes";
        }
        String s = secret.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (s.startsWith(placeholder) || s.contains("change_me") || s.contains("changeme")) {
                return "is a placeholder";
            }
        }
        if (s.chars().distinct().count() < 8) {
            return "has too few distinct characters";
        }
        return null;
    }
}

package vn.ansinh.payout.cycle.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.dev.DevBuild;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.ProviderClaim;
import vn.ansinh.payout.security.ProviderOrganisations;
import vn.ansinh.payout.security.Roles;

/**
 * The payment providers (tổ chức dịch vụ chi trả) and what each may touch. A provider token names its
 * organisation in the {@code provider} claim; the organisation is bound here, by configuration, to the
 * channels and provinces its contract covers and to its own callback secrets. Configuration rather than a
 * table: contracts change a few times a year with a deployment anyway, and the secrets must come from a
 * Kubernetes Secret, which a table could not hold.
 *
 * <p>The organisations are listed by code in {@code ansinh.payment-providers}, and each one's settings are
 * read by their full names, {@code ansinh.providers.<CODE>.channels|provinces|callback-secrets}: a map keyed
 * by whatever environment variables happen to exist would lose the code's case, its underscores, or (for a
 * bank BIN, all digits) the whole entry, since an environment variable's name cannot say where a key ends
 * (ProviderConfigurationTest pins this). A (province, channel) is served by one organisation at most, so
 * "its lines" is always one organisation's.
 */
@ApplicationScoped
public class Providers implements ProviderOrganisations {

    /** What one organisation's contract covers. */
    public record Binding(String code, List<String> channels, List<String> provinces, List<String> callbackSecrets) {
    }

    static final List<String> CHANNELS = List.of("BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY");
    static final List<String> TRANSFER_CHANNELS = List.of("BANK_ACCOUNT", "E_WALLET");
    private static final List<String> PLACEHOLDERS = List.of("change_me", "changeme", "change-me", "secret", "password",
            "placeholder", "example", "test", "dev-only", "todo", "xxx");

    private final Map<String, Binding> bindings;

    @Inject
    public Providers(Config config) {
        this(read(config));
    }

    Providers(Map<String, Binding> bindings) {
        this.bindings = Map.copyOf(bindings);
    }

    /** The organisations of {@code ansinh.payment-providers}, each with its settings. */
    static Map<String, Binding> read(Config config) {
        Map<String, Binding> out = new LinkedHashMap<>();
        for (String code : config.getOptionalValues("ansinh.payment-providers", String.class).orElse(List.of())) {
            String prefix = "ansinh.providers." + code + ".";
            out.put(code, new Binding(code, values(config, prefix + "channels"), values(config, prefix + "provinces"),
                    values(config, prefix + "callback-secrets")));
        }
        return out;
    }

    private static List<String> values(Config config, String name) {
        return config.getOptionalValues(name, String.class).orElse(List.of());
    }

    @Override
    public boolean knows(String code) {
        return code != null && bindings.containsKey(code);
    }

    @Override
    public boolean serves(String code, String province, String channel) {
        Binding p = code == null ? null : bindings.get(code);
        return p != null && p.provinces().contains(province) && p.channels().contains(channel);
    }

    /** The binding of the caller's organisation, or 403 when the token names none this service knows. */
    public Binding of(Caller caller) {
        Binding p = caller.provider() == null ? null : bindings.get(caller.provider());
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
        Binding p = of(caller);
        requireProvince(p, province);
        return p.channels();
    }

    /**
     * The transfer channels whose lines the caller may download: null for the whole file (officers, auditors).
     * A provider gets the lines of the transfer channels it pays in a province it serves, and nothing else.
     */
    public List<String> downloadChannels(Caller caller, String province) {
        if (!actsAsProvider(caller)) {
            return null;
        }
        Binding p = of(caller);
        requireProvince(p, province);
        List<String> mine = TRANSFER_CHANNELS.stream().filter(p.channels()::contains).toList();
        if (mine.isEmpty()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.providerNotYourFile");
        }
        return mine;
    }

    private static void requireProvince(Binding p, String province) {
        if (!p.provinces().contains(province)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.providerNotYourProvince", province);
        }
    }

    /** The secrets the caller's callbacks may be signed with (current, and the next during a rotation). */
    public List<String> callbackSecrets(Caller caller) {
        return of(caller).callbackSecrets();
    }

    /** Refuses a production start with a binding that does not hold; dev builds (packaged or not) and tests only warn. */
    void onStart(@Observes StartupEvent event, jakarta.enterprise.inject.Instance<DevBuild> devBuild) {
        List<String> problems = problems(bindings);
        if (problems.isEmpty()) {
            Log.infof("payment providers: %s", bindings.keySet());
            return;
        }
        if (LaunchMode.current() == LaunchMode.NORMAL && !devBuild.isResolvable()) {
            throw new IllegalStateException("payment provider configuration refused: " + problems);
        }
        problems.forEach(p -> Log.warnf("payment provider configuration (refused in production): %s", p));
    }

    static List<String> problems(Map<String, Binding> bindings) {
        List<String> problems = new ArrayList<>();
        Map<String, String> servedBy = new LinkedHashMap<>();
        bindings.forEach((code, p) -> {
            if (!code.matches(ProviderClaim.CODE)) {
                problems.add(code + ": a code is 2-40 of A-Z 0-9 _ (the token's provider claim)");
            }
            if (p.channels().isEmpty() || p.provinces().isEmpty()) {
                problems.add(code + ": no channels or no provinces (ansinh.providers." + code + ".channels / .provinces)");
            }
            if (p.callbackSecrets().isEmpty() || p.callbackSecrets().size() > 2) {
                problems.add(code + ": one callback secret, or two while rotating (ansinh.providers." + code + ".callback-secrets)");
            }
            for (int i = 0; i < p.callbackSecrets().size(); i++) {
                String why = weakness(p.callbackSecrets().get(i));
                if (why != null) {
                    problems.add(code + ": callback secret " + (i + 1) + " " + why);
                }
            }
            for (String channel : p.channels()) {
                if (!CHANNELS.contains(channel)) {
                    problems.add(code + ": unknown channel " + channel);
                }
            }
            for (String province : p.provinces()) {
                if (!province.matches("[0-9]{2}")) {
                    problems.add(code + ": provinces are two-digit codes, not " + province);
                }
                for (String channel : p.channels()) {
                    String other = servedBy.putIfAbsent(province + "/" + channel, code);
                    if (other != null) {
                        problems.add(code + " and " + other + " both serve " + channel + " in province " + province
                                + ": a line must belong to one organisation");
                    }
                }
            }
        });
        Set<String> secrets = new java.util.HashSet<>();
        bindings.values().forEach(p -> p.callbackSecrets().forEach(s -> {
            if (!secrets.add(s)) {
                problems.add("two providers share a callback secret: each signs with its own");
            }
        }));
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

package vn.ansinh.payout.cycle.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Provider bindings as operators write them: environment variables from a Kubernetes Secret, for codes that
 * are bank BINs (all digits), names with underscores, or plain names; and the start-up refusals.
 */
class ProviderConfigurationTest {

    static final String A = "Vb7Nq2Lx9Kp4Tz8Wm1Rc6Hd3Jf5Gs0Ya";
    static final String B = "Qe4Wr8Ty2Ui6Op0As3Df7Gh1Jk5Lz9Xc";
    static final String C = "Mn3Bv7Cx1Zl5Kj9Hg2Fd6Sa0Qp4Wo8Ei";

    static Map<String, Providers.Binding> fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)).build();
        return Providers.read(config);
    }

    @Test
    void environmentVariablesBindEveryKindOfCodeAsTheTokenNamesIt() {
        Map<String, String> env = new HashMap<>();
        env.put("ANSINH_PAYMENT_PROVIDERS", "VNPOST,970405,VIETTEL_MONEY");
        env.put("ANSINH_PROVIDERS_VNPOST_CHANNELS", "CASH_AT_POINT,HOME_DELIVERY");
        env.put("ANSINH_PROVIDERS_VNPOST_PROVINCES", "51,52");
        env.put("ANSINH_PROVIDERS_VNPOST_CALLBACK_SECRETS", A + "," + B);
        env.put("ANSINH_PROVIDERS_970405_CHANNELS", "BANK_ACCOUNT");
        env.put("ANSINH_PROVIDERS_970405_PROVINCES", "51");
        env.put("ANSINH_PROVIDERS_970405_CALLBACK_SECRETS", C);
        env.put("ANSINH_PROVIDERS_VIETTEL_MONEY_CHANNELS", "E_WALLET");
        env.put("ANSINH_PROVIDERS_VIETTEL_MONEY_PROVINCES", "51");
        env.put("ANSINH_PROVIDERS_VIETTEL_MONEY_CALLBACK_SECRETS", A.replace('V', 'v'));
        Map<String, Providers.Binding> bindings = fromEnvironment(env);

        assertThat(bindings.keySet()).containsExactly("VNPOST", "970405", "VIETTEL_MONEY");
        assertThat(bindings.get("VNPOST").channels()).containsExactly("CASH_AT_POINT", "HOME_DELIVERY");
        assertThat(bindings.get("VNPOST").provinces()).containsExactly("51", "52");
        assertThat(bindings.get("VNPOST").callbackSecrets()).containsExactly(A, B);
        assertThat(bindings.get("970405").channels()).containsExactly("BANK_ACCOUNT");
        assertThat(bindings.get("970405").callbackSecrets()).containsExactly(C);
        assertThat(bindings.get("VIETTEL_MONEY").channels()).containsExactly("E_WALLET");
        assertThat(Providers.problems(bindings)).isEmpty();

        Providers providers = new Providers(bindings);
        assertThat(providers.knows("970405")).isTrue();
        assertThat(providers.knows("vnpost")).isFalse();
        assertThat(providers.serves("VIETTEL_MONEY", "51", "E_WALLET")).isTrue();
        assertThat(providers.serves("VIETTEL_MONEY", "51", "BANK_ACCOUNT")).isFalse();
    }

    @Test
    void aPropertiesFileBindsTheSameWay() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "ansinh.payment-providers", "VNPOST", "ansinh.providers.VNPOST.channels", "HOME_DELIVERY",
                "ansinh.providers.VNPOST.provinces", "51", "ansinh.providers.VNPOST.callback-secrets", A), "test", 100)).build();
        assertThat(Providers.read(config).get("VNPOST").channels()).containsExactly("HOME_DELIVERY");
    }

    static Providers.Binding binding(String code, List<String> channels, List<String> provinces, List<String> secrets) {
        return new Providers.Binding(code, channels, provinces, secrets);
    }

    @Test
    void aStartIsRefusedForWeakSharedOrOverlappingBindings() {
        assertThat(Providers.weakness("short")).contains("32 bytes");
        assertThat(Providers.weakness("CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME")).contains("placeholder");
        assertThat(Providers.weakness("a".repeat(40))).contains("distinct");
        assertThat(Providers.weakness(A)).isNull();

        Map<String, Providers.Binding> bindings = new java.util.LinkedHashMap<>();
        bindings.put("VNPOST", binding("VNPOST", List.of("HOME_DELIVERY", "TELEPORT"), List.of("51", "5"), List.of(A, B, C)));
        bindings.put("970405", binding("970405", List.of("BANK_ACCOUNT", "HOME_DELIVERY"), List.of("51"), List.of(A)));
        bindings.put("lower", binding("lower", List.of(), List.of(), List.of()));
        List<String> problems = Providers.problems(bindings);
        assertThat(problems).anyMatch(p -> p.startsWith("VNPOST: one callback secret, or two"));
        assertThat(problems).anyMatch(p -> p.contains("unknown channel TELEPORT"));
        assertThat(problems).anyMatch(p -> p.contains("provinces are two-digit codes, not 5"));
        assertThat(problems).anyMatch(p -> p.equals("970405 and VNPOST both serve HOME_DELIVERY in province 51: a line must belong to one organisation"));
        assertThat(problems).anyMatch(p -> p.contains("share a callback secret"));
        assertThat(problems).anyMatch(p -> p.startsWith("lower: a code is"));
        assertThat(problems).anyMatch(p -> p.startsWith("lower: no channels or no provinces"));
    }
}

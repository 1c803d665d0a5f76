package vn.ansinh.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests under {@code k8s/} must agree with what the application actually does:
 * the port it listens on, its health and metrics paths, the configuration it reads, where it looks
 * for the JWT public key. Plain JUnit: parses the YAML and application.properties, starts nothing.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path OVERLAYS = K8S.resolve("overlays");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    private static final String DEPLOYMENT = "ansinh-payout";
    private static final Pattern PLACEHOLDER = Pattern.compile("CHANGE_ME(_[A-Z0-9_]+)?");
    private static final Pattern PROFILE_PREFIX = Pattern.compile("^%[^.]+\\.");

    /** One YAML document and the file it came from. */
    record Doc(Path file, Map<String, Object> content) {
        String kind() {
            return (String) content.get("kind");
        }

        String name() {
            return str(content, "metadata", "name");
        }

        boolean inBase() {
            return file.startsWith(BASE);
        }

        @Override
        public String toString() {
            return file + " (" + kind() + " " + name() + ")";
        }
    }

    private static List<Doc> docs;
    private static Properties appProperties;
    private static String appPropertiesText;

    @BeforeAll
    static void load() throws IOException {
        assertThat(K8S).as("run from the project root; k8s/ must exist").isDirectory();
        docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        }
        assertThat(files).as("YAML files under k8s/").isNotEmpty();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
                for (Object document : yaml.loadAll(reader)) {
                    if (document == null) {
                        continue; // empty document, e.g. a trailing '---'
                    }
                    assertThat(document).as("top level of a document in %s", file).isInstanceOf(Map.class);
                    docs.add(new Doc(file, map(document)));
                }
            }
        }
        appPropertiesText = Files.readString(APPLICATION_PROPERTIES, StandardCharsets.UTF_8);
        appProperties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
            appProperties.load(reader);
        }
    }

    // ------------------------------------------------------------------ the Deployment

    @Test
    void containerListensOnTheApplicationsHttpPort() {
        int httpPort = Integer.parseInt(requiredProperty("quarkus.http.port"));
        Map<String, Object> port = namedPort(container(baseDeployment()), "http");
        assertThat(asInt(port.get("containerPort"))).as("containerPort of port 'http'").isEqualTo(httpPort);

        for (Doc cm : envConfigMaps()) {
            Object configured = data(cm).get("QUARKUS_HTTP_PORT");
            if (configured != null) {
                assertThat(asInt(configured)).as("QUARKUS_HTTP_PORT in %s", cm).isEqualTo(httpPort);
            }
        }
    }

    @Test
    void probesUseTheApplicationsHealthPaths() {
        Map<String, Object> container = container(baseDeployment());
        namedPort(container, "http"); // the probes' port must exist
        assertThat(probe(container, "livenessProbe")).as("livenessProbe.httpGet").containsEntry("path", "/q/health/live").containsEntry("port", "http");
        assertThat(probe(container, "readinessProbe")).as("readinessProbe.httpGet").containsEntry("path", "/q/health/ready").containsEntry("port", "http");
        assertThat(probe(container, "startupProbe")).as("startupProbe.httpGet").containsEntry("path", "/q/health/started").containsEntry("port", "http");
        assertThat(appProperties.getProperty("quarkus.smallrye-health.root-path"))
                .as("a custom health root path would move the probes' endpoints").isNull();
    }

    @Test
    void prometheusScrapesTheApplicationsMetricsEndpoint() {
        Map<String, Object> annotations = map(get(baseDeployment().content(), "spec", "template", "metadata", "annotations"));
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", requiredProperty("quarkus.micrometer.export.prometheus.path"))
                .containsEntry("prometheus.io/port", requiredProperty("quarkus.http.port"));
    }

    @Test
    void everyDeploymentAndAutoscalerKeepsAtLeastTwoReplicas() {
        List<Doc> deployments = ofKind("Deployment");
        assertThat(deployments).isNotEmpty();
        for (Doc d : deployments) {
            Object replicas = get(d.content(), "spec", "replicas");
            if (d.inBase()) {
                assertThat(replicas).as("replicas of %s", d).isNotNull();
            }
            if (replicas != null) {
                assertThat(asInt(replicas)).as("replicas of %s", d).isGreaterThanOrEqualTo(2);
            }
        }
        for (Doc hpa : ofKind("HorizontalPodAutoscaler")) {
            Object min = get(hpa.content(), "spec", "minReplicas");
            Object max = get(hpa.content(), "spec", "maxReplicas");
            if (hpa.inBase()) {
                assertThat(min).as("minReplicas of %s", hpa).isNotNull();
                assertThat(max).as("maxReplicas of %s", hpa).isNotNull();
            }
            if (min != null) {
                assertThat(asInt(min)).as("minReplicas of %s", hpa).isGreaterThanOrEqualTo(2);
            }
            if (min != null && max != null) {
                assertThat(asInt(max)).as("maxReplicas of %s", hpa).isGreaterThanOrEqualTo(asInt(min));
            }
        }
    }

    @Test
    void containersDeclareResourceRequestsAndLimits() {
        assertThat(resources(container(baseDeployment()))).as("resources of the base container").isNotNull();
        for (Doc d : ofKind("Deployment")) {
            for (Map<String, Object> c : containers(d)) {
                Map<String, Object> resources = resources(c);
                if (resources == null && !d.inBase()) {
                    continue; // an overlay patch that leaves resources alone
                }
                assertThat(resources).as("resources of %s", d).isNotNull();
                Map<String, Object> requests = map(resources.get("requests"));
                Map<String, Object> limits = map(resources.get("limits"));
                assertThat(requests).as("requests of %s", d).containsKeys("cpu", "memory");
                assertThat(limits).as("limits of %s", d).containsKeys("cpu", "memory");
                assertThat(cpuMillis(requests.get("cpu"))).as("cpu request <= limit in %s", d)
                        .isLessThanOrEqualTo(cpuMillis(limits.get("cpu")));
                assertThat(bytes(requests.get("memory"))).as("memory request <= limit in %s", d)
                        .isLessThanOrEqualTo(bytes(limits.get("memory")));
            }
        }
    }

    /**
     * The JVM exits on OutOfMemoryError, and in every environment the container's memory limit holds the heap
     * (MaxRAMPercentage of the limit), the photo decode budget (native memory, outside the heap), the direct
     * buffers (MaxDirectMemorySize, which must be set) and 256Mi for the rest of the JVM; the /tmp emptyDir holds the upload spool.
     */
    @Test
    void theJvmExitsOnOutOfMemoryAndTheMemoryLimitHoldsHeapAndDecodeBudget() {
        Map<String, Object> base = data(single(envConfigMaps().stream().filter(Doc::inBase).toList(), "base ConfigMap"));
        String javaOpts = String.valueOf(base.get("JAVA_OPTS_APPEND"));
        assertThat(javaOpts).contains("-XX:+ExitOnOutOfMemoryError");
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(javaOpts);
        assertThat(percent.find()).as("MaxRAMPercentage in JAVA_OPTS_APPEND").isTrue();
        double heapShare = Double.parseDouble(percent.group(1)) / 100;
        Matcher directOption = Pattern.compile("-XX:MaxDirectMemorySize=([0-9]+)([kKmMgG]?)").matcher(javaOpts);
        assertThat(directOption.find()).as("MaxDirectMemorySize in JAVA_OPTS_APPEND").isTrue();
        long direct = Long.parseLong(directOption.group(1)) << switch (directOption.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long baseLimit = bytes(map(resources(container(baseDeployment())).get("limits")).get("memory"));
        long baseDecode = quarkusBytes(base.getOrDefault("ANSINH_DELIVERIES_PHOTOS_DECODE_MEMORY", "256M"));
        long jvmRest = (256L << 20) + direct;
        assertThat((long) (baseLimit * heapShare) + baseDecode + jvmRest).as("heap + decode budget + direct buffers + JVM in the base limit")
                .isLessThanOrEqualTo(baseLimit);
        for (Doc d : ofKind("Deployment")) {
            if (d.inBase()) {
                continue;
            }
            for (Map<String, Object> c : containers(d)) {
                Map<String, Object> resources = resources(c);
                long limit = resources == null ? baseLimit : bytes(map(resources.get("limits")).get("memory"));
                long decode = envConfigMaps().stream().filter(cm -> cm.file().getParent().equals(d.file().getParent()))
                        .map(cm -> data(cm).get("ANSINH_DELIVERIES_PHOTOS_DECODE_MEMORY")).filter(Objects::nonNull)
                        .map(KubernetesManifestsTest::quarkusBytes).findFirst().orElse(baseDecode);
                assertThat((long) (limit * heapShare) + decode + jvmRest).as("heap + decode budget + direct buffers + JVM in %s", d)
                        .isLessThanOrEqualTo(limit);
            }
        }
        Map<String, Object> tmp = map(volume(baseDeployment(), "tmp").get("emptyDir"));
        assertThat(bytes(tmp.get("sizeLimit"))).as("the /tmp emptyDir holds the upload spool")
                .isGreaterThan(quarkusBytes(base.get("ANSINH_HTTP_SPOOL_MAX_SIZE")));
        assertThat(String.valueOf(base.get("ANSINH_HTTP_SPOOL_DIRECTORY"))).startsWith("/tmp/");
    }

    @Test
    void containerRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
        Doc deployment = baseDeployment();
        Map<String, Object> container = container(deployment);
        Map<String, Object> podSecurity = map(get(deployment.content(), "spec", "template", "spec", "securityContext"));
        Map<String, Object> security = map(container.get("securityContext"));

        Object runAsNonRoot = security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot"));
        assertThat(runAsNonRoot).as("runAsNonRoot").isEqualTo(Boolean.TRUE);
        Object runAsUser = security.getOrDefault("runAsUser", podSecurity.get("runAsUser"));
        assertThat(runAsUser).as("runAsUser").isNotNull();
        assertThat(asInt(runAsUser)).as("runAsUser").isNotZero();
        assertThat(security).as("container securityContext").containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(list(get(security, "capabilities", "drop"))).as("dropped capabilities").contains("ALL");

        Map<String, Object> tmpMount = list(container.get("volumeMounts")).stream().map(KubernetesManifestsTest::map)
                .filter(m -> "/tmp".equals(m.get("mountPath"))).findFirst().orElse(null);
        assertThat(tmpMount).as("a volume mounted at /tmp (Quarkus writes there)").isNotNull();
        assertThat(volume(deployment, (String) tmpMount.get("name"))).as("the /tmp volume").containsKey("emptyDir");
    }

    @Test
    void jwtPublicKeyIsMountedWhereTheApplicationLooksForIt() {
        // mp.jwt.verify.publickey.location=${ANSINH_JWT_PUBLIC_KEY_LOCATION:file:/etc/ansinh/jwt/public.pem}
        Matcher m = Pattern.compile("\\$\\{ANSINH_JWT_PUBLIC_KEY_LOCATION:([^}]*)}")
                .matcher(requiredProperty("mp.jwt.verify.publickey.location"));
        assertThat(m.find()).as("mp.jwt.verify.publickey.location reads ANSINH_JWT_PUBLIC_KEY_LOCATION").isTrue();
        String location = m.group(1);
        for (Doc cm : envConfigMaps()) {
            Object configured = data(cm).get("ANSINH_JWT_PUBLIC_KEY_LOCATION");
            if (configured != null && configured.toString().startsWith("file:")) {
                location = configured.toString();
            }
        }
        assertThat(location).as("the key location used in the cluster").startsWith("file:");
        String keyFile = location.substring("file:".length());

        Doc deployment = baseDeployment();
        String mountedFrom = null;
        for (Object o : list(container(deployment).get("volumeMounts"))) {
            Map<String, Object> mount = map(o);
            String mountPath = (String) mount.get("mountPath");
            Map<String, Object> vol = volume(deployment, (String) mount.get("name"));
            Map<String, Object> source = vol.containsKey("configMap") ? map(vol.get("configMap")) : map(vol.get("secret"));
            if (source.isEmpty()) {
                continue;
            }
            String sourceName = (String) source.getOrDefault("name", source.get("secretName"));
            for (String key : mountedKeys(source, sourceName)) {
                String file = mount.containsKey("subPath") ? mountPath : mountPath + "/" + itemPath(source, key);
                if (file.equals(keyFile) && key.equals("public.pem")) {
                    mountedFrom = sourceName;
                }
            }
        }
        assertThat(mountedFrom).as("a ConfigMap/Secret key 'public.pem' mounted at %s", keyFile).isNotNull();
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Issue 18: the client's address is the one the ingress saw. The Ingress routes to the Service's port;
     * the NetworkPolicy admits only the ingress controller's pods (and Prometheus's) to the pods, on the http
     * port, never a whole address block; Quarkus trusts X-Forwarded-For only from a non-empty list of proxies.
     */
    @Test
    void onlyTheIngressReachesThePodsAndOnlyTrustedProxiesSetTheClientAddress() {
        Doc ingress = single(ofKind("Ingress").stream().filter(Doc::inBase).toList(), "Ingress in k8s/base");
        Doc service = single(ofKind("Service").stream().filter(Doc::inBase).toList(), "Service in k8s/base");
        for (Object rule : list(get(ingress.content(), "spec", "rules"))) {
            for (Object path : list(get(map(rule), "http", "paths"))) {
                assertThat(str(map(path), "backend", "service", "name")).as("Ingress backend").isEqualTo(service.name());
                String port = str(map(path), "backend", "service", "port", "name");
                assertThat(list(get(service.content(), "spec", "ports")).stream().map(p -> (String) map(p).get("name")))
                        .as("Ingress backend port").contains(port);
            }
        }

        Doc policy = single(ofKind("NetworkPolicy").stream().filter(Doc::inBase).toList(), "NetworkPolicy in k8s/base");
        Map<String, Object> podLabels = map(get(baseDeployment().content(), "spec", "template", "metadata", "labels"));
        assertThat(podLabels).as("the policy selects the Deployment's pods")
                .containsAllEntriesOf(map(get(policy.content(), "spec", "podSelector", "matchLabels")));
        assertThat(list(get(policy.content(), "spec", "policyTypes"))).contains("Ingress");
        List<Object> rules = list(get(policy.content(), "spec", "ingress"));
        assertThat(rules).as("ingress rules").isNotEmpty();
        List<String> sources = new ArrayList<>();
        for (Object rule : rules) {
            List<Object> from = list(map(rule).get("from"));
            assertThat(from).as("a rule without 'from' admits everyone").isNotEmpty();
            for (Object peer : from) {
                Map<String, Object> p = map(peer);
                assertThat(p).as("a peer of the policy: pods of a namespace, never an address block").doesNotContainKey("ipBlock")
                        .containsKeys("namespaceSelector", "podSelector");
                assertThat(map(get(p, "podSelector", "matchLabels"))).as("the peer's pods are named").isNotEmpty();
                sources.add(str(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") + "/"
                        + str(p, "podSelector", "matchLabels", "app.kubernetes.io/name"));
            }
            assertThat(list(map(rule).get("ports"))).as("ports of a rule").isNotEmpty()
                    .allSatisfy(port -> assertThat(String.valueOf(map(port).get("port"))).isEqualTo("http"));
        }
        assertThat(sources).containsExactlyInAnyOrder("ingress-nginx/ingress-nginx", "monitoring/prometheus");

        assertThat(requiredProperty("quarkus.http.proxy.proxy-address-forwarding")).isEqualTo("true");
        assertThat(requiredProperty("quarkus.http.proxy.trusted-proxies")).as("never empty: Quarkus would trust every peer")
                .isNotBlank();
        for (Doc config : envConfigMaps()) {
            Map<String, Object> values = data(config);
            assertThat(values).doesNotContainKey("ANSINH_STATUS_TRUST_FORWARDED_FOR");
            if (values.containsKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")) {
                assertThat(String.valueOf(values.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"))).isNotBlank()
                        .doesNotContain("0.0.0.0/0");
            }
        }
        assertThat(envConfigMaps().stream().filter(Doc::inBase).map(KubernetesManifestsTest::data))
                .anyMatch(v -> v.containsKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));
    }

    @Test
    void everyConfigurationKeyIsReadByTheApplication() {
        List<Doc> sources = new ArrayList<>(envConfigMaps());
        sources.addAll(envSecrets());
        assertThat(sources.stream().filter(Doc::inBase).map(Doc::kind).collect(Collectors.toSet()))
                .as("the ConfigMap and Secret the Deployment's envFrom refers to exist in k8s/base")
                .contains("ConfigMap", "Secret");

        Set<String> knownProperties = appProperties.stringPropertyNames().stream()
                .map(k -> PROFILE_PREFIX.matcher(k).replaceFirst(""))
                .map(KubernetesManifestsTest::normalise)
                .collect(Collectors.toSet());
        for (Doc source : sources) {
            Map<String, Object> values = data(source);
            assertThat(values).as("keys of %s", source).isNotEmpty();
            for (String key : values.keySet()) {
                boolean read = key.startsWith("JAVA_")
                        || knownProperties.contains(normalise(key))
                        || appPropertiesText.contains("${" + key + ":")
                        || appPropertiesText.contains("${" + key + "}");
                assertThat(read).as("%s in %s is neither a JAVA_* option nor read by application.properties", key, source)
                        .isTrue();
            }
        }
    }

    @Test
    void secretTemplateHoldsOnlyPlaceholders() {
        List<Doc> secrets = ofKind("Secret");
        assertThat(secrets).as("the Secret template in k8s/base").anyMatch(Doc::inBase);
        for (Doc secret : secrets) {
            Map<String, String> values = new LinkedHashMap<>();
            map(secret.content().get("stringData")).forEach((k, v) -> values.put(k, String.valueOf(v)));
            map(secret.content().get("data")).forEach((k, v) -> values.put(k,
                    new String(Base64.getMimeDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)));
            assertThat(values).as("values of %s", secret).isNotEmpty();
            values.forEach((k, v) -> assertThat(v).as("%s in %s must be a placeholder; real values come from the secret store", k, secret)
                    .matches(PLACEHOLDER));
        }
    }

    @Test
    void secretTemplateIsNeverAppliedOverTheRealSecret() {
        for (Doc kustomization : kustomizations()) {
            Path dir = kustomization.file().getParent();
            for (Object resource : list(kustomization.content().get("resources"))) {
                Path file = dir.resolve(resource.toString()).normalize();
                if (Files.isRegularFile(file)) {
                    assertThat(docs.stream().filter(d -> d.file().normalize().equals(file)).map(Doc::kind))
                            .as("%s lists %s, which would overwrite the secret store's Secret", kustomization.file(), file)
                            .doesNotContain("Secret");
                }
            }
        }
    }

    // ------------------------------------------------------------------ how the objects fit together

    @Test
    void serviceAutoscalerAndDisruptionBudgetTargetTheDeployment() {
        Doc deployment = baseDeployment();
        Map<String, Object> podLabels = map(get(deployment.content(), "spec", "template", "metadata", "labels"));
        Map<String, Object> selector = map(get(deployment.content(), "spec", "selector", "matchLabels"));
        assertThat(selector).as("Deployment selector").isNotEmpty();
        assertThat(podLabels).as("pod labels").containsAllEntriesOf(selector);

        Doc hpa = single(ofKind("HorizontalPodAutoscaler").stream().filter(Doc::inBase).toList(), "base HPA");
        assertThat(map(get(hpa.content(), "spec", "scaleTargetRef")))
                .containsEntry("apiVersion", "apps/v1").containsEntry("kind", "Deployment")
                .containsEntry("name", deployment.name());

        Doc pdb = single(ofKind("PodDisruptionBudget").stream().filter(Doc::inBase).toList(), "base PDB");
        Map<String, Object> pdbSelector = map(get(pdb.content(), "spec", "selector", "matchLabels"));
        assertThat(pdbSelector).as("PDB selector").isNotEmpty();
        assertThat(podLabels).as("pods selected by the PDB").containsAllEntriesOf(pdbSelector);
        assertThat(asInt(get(pdb.content(), "spec", "minAvailable"))).as("PDB minAvailable")
                .isBetween(1, asInt(get(deployment.content(), "spec", "replicas")) - 1);

        Doc service = single(ofKind("Service").stream().filter(Doc::inBase).toList(), "base Service");
        Map<String, Object> serviceSelector = map(get(service.content(), "spec", "selector"));
        assertThat(serviceSelector).as("Service selector").isNotEmpty();
        assertThat(podLabels).as("pods selected by the Service").containsAllEntriesOf(serviceSelector);
        for (Object port : list(get(service.content(), "spec", "ports"))) {
            Object target = map(port).get("targetPort");
            if (target instanceof String named) {
                namedPort(container(deployment), named);
            } else {
                assertThat(asInt(target)).isEqualTo(asInt(namedPort(container(deployment), "http").get("containerPort")));
            }
        }
    }

    @Test
    void overlaysBuildOnTheBaseAndReferenceFilesThatExist() {
        Doc base = single(kustomizations().stream().filter(k -> k.file().getParent().equals(BASE)).toList(), "base kustomization");
        assertReferencedFilesExist(base);

        List<Doc> overlays = kustomizations().stream().filter(k -> k.file().startsWith(OVERLAYS)).toList();
        assertThat(overlays.stream().map(k -> k.file().getParent().getFileName().toString()))
                .as("overlays").contains("staging", "production");
        for (Doc overlay : overlays) {
            assertThat(list(overlay.content().get("resources"))).as("resources of %s", overlay.file()).contains("../../base");
            assertThat(overlay.content().get("namespace")).as("namespace of %s", overlay.file()).isNotNull();
            assertReferencedFilesExist(overlay);
        }
        for (Doc k : kustomizations()) {
            assertThat(k.content()).as("%s uses deprecated kustomize fields; use 'patches:' and 'resources:'", k.file())
                    .doesNotContainKeys("patchesStrategicMerge", "patchesJson6902", "bases");
        }
    }

    @Test
    void everyBaseManifestIsPartOfTheBaseKustomization() {
        Doc base = single(kustomizations().stream().filter(k -> k.file().getParent().equals(BASE)).toList(), "base kustomization");
        Set<String> listed = list(base.content().get("resources")).stream().map(Object::toString).collect(Collectors.toSet());
        Set<String> manifests = docs.stream().filter(d -> d.file().getParent().equals(BASE))
                .filter(d -> d.kind() != null && !"Kustomization".equals(d.kind()) && !"Secret".equals(d.kind()))
                .map(d -> d.file().getFileName().toString()).collect(Collectors.toSet());
        assertThat(listed).as("resources of k8s/base/kustomization.yaml").containsAll(manifests);
    }

    // ------------------------------------------------------------------ helpers

    private static void assertReferencedFilesExist(Doc kustomization) {
        Path dir = kustomization.file().getParent();
        for (Object resource : list(kustomization.content().get("resources"))) {
            assertThat(dir.resolve(resource.toString())).as("resource of %s", kustomization.file()).exists();
        }
        for (Object patch : list(kustomization.content().get("patches"))) {
            Object path = map(patch).get("path");
            if (path != null) {
                assertThat(dir.resolve(path.toString())).as("patch of %s", kustomization.file()).isRegularFile();
            }
        }
    }

    private static List<Doc> kustomizations() {
        List<Doc> found = docs.stream().filter(d -> d.file().getFileName().toString().startsWith("kustomization.")).toList();
        assertThat(found).as("kustomization files").isNotEmpty();
        return found;
    }

    private static List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    private static Doc baseDeployment() {
        return single(ofKind("Deployment").stream().filter(Doc::inBase).filter(d -> DEPLOYMENT.equals(d.name())).toList(),
                "Deployment " + DEPLOYMENT + " in k8s/base");
    }

    private static Doc single(List<Doc> found, String what) {
        assertThat(found).as(what).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> containers(Doc deployment) {
        return list(get(deployment.content(), "spec", "template", "spec", "containers")).stream()
                .map(KubernetesManifestsTest::map).toList();
    }

    private static Map<String, Object> container(Doc deployment) {
        List<Map<String, Object>> containers = containers(deployment);
        assertThat(containers).as("containers of %s", deployment).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> namedPort(Map<String, Object> container, String name) {
        return list(container.get("ports")).stream().map(KubernetesManifestsTest::map)
                .filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("container has no port named '" + name + "'"));
    }

    private static Map<String, Object> probe(Map<String, Object> container, String which) {
        Map<String, Object> httpGet = map(get(container, which, "httpGet"));
        assertThat(httpGet).as("%s.httpGet", which).isNotEmpty();
        return httpGet;
    }

    private static Map<String, Object> resources(Map<String, Object> container) {
        Object resources = container.get("resources");
        return resources == null ? null : map(resources);
    }

    private static Map<String, Object> volume(Doc deployment, String name) {
        return list(get(deployment.content(), "spec", "template", "spec", "volumes")).stream()
                .map(KubernetesManifestsTest::map).filter(v -> Objects.equals(name, v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume named '" + name + "' in " + deployment));
    }

    /** Keys a configMap/secret volume projects: its items, or all keys of the object in k8s/base. */
    private static List<String> mountedKeys(Map<String, Object> source, String sourceName) {
        if (source.containsKey("items")) {
            return list(source.get("items")).stream().map(i -> (String) map(i).get("key")).toList();
        }
        return docs.stream().filter(Doc::inBase).filter(d -> Objects.equals(sourceName, d.name()))
                .filter(d -> "ConfigMap".equals(d.kind()) || "Secret".equals(d.kind()))
                .flatMap(d -> data(d).keySet().stream()).toList();
    }

    private static String itemPath(Map<String, Object> source, String key) {
        return list(source.get("items")).stream().map(KubernetesManifestsTest::map)
                .filter(i -> key.equals(i.get("key"))).map(i -> (String) i.get("path")).findFirst().orElse(key);
    }

    private static Set<String> envFromNames(String refKind) {
        return list(get(container(baseDeployment()), "envFrom")).stream().map(KubernetesManifestsTest::map)
                .map(e -> map(e.get(refKind))).filter(r -> !r.isEmpty()).map(r -> (String) r.get("name"))
                .collect(Collectors.toSet());
    }

    /** ConfigMaps (base and overlay patches) that the container takes environment variables from. */
    private static List<Doc> envConfigMaps() {
        Set<String> names = envFromNames("configMapRef");
        return ofKind("ConfigMap").stream().filter(d -> names.contains(d.name())).toList();
    }

    private static List<Doc> envSecrets() {
        Set<String> names = envFromNames("secretRef");
        return ofKind("Secret").stream().filter(d -> names.contains(d.name())).toList();
    }

    private static Map<String, Object> data(Doc doc) {
        Map<String, Object> all = new LinkedHashMap<>(map(doc.content().get("data")));
        all.putAll(map(doc.content().get("stringData")));
        return all;
    }

    private static String requiredProperty(String key) {
        String value = appProperties.getProperty(key);
        assertThat(value).as("%s in application.properties", key).isNotNull();
        return value.trim();
    }

    /** SmallRye Config's env-var form: upper case, every non-alphanumeric character becomes '_'. */
    static String normalise(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static long cpuMillis(Object quantity) {
        String q = String.valueOf(quantity);
        return q.endsWith("m") ? Long.parseLong(q.substring(0, q.length() - 1)) : Math.round(Double.parseDouble(q) * 1000);
    }

    /** A Quarkus MemorySize as settings write it: K, M, G are powers of 1024. */
    private static long quarkusBytes(Object size) {
        Matcher m = Pattern.compile("(\\d+)([KMGT]?)").matcher(String.valueOf(size));
        assertThat(m.matches()).as("memory size %s", size).isTrue();
        return Long.parseLong(m.group(1)) << (10 * "_KMGT".indexOf(m.group(2).isEmpty() ? "_" : m.group(2)));
    }

    private static long bytes(Object quantity) {
        String q = String.valueOf(quantity);
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(q);
        assertThat(m.matches()).as("memory quantity %s", q).isTrue();
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1_000L;
            case "M" -> n * 1_000_000L;
            case "G" -> n * 1_000_000_000L;
            case "T" -> n * 1_000_000_000_000L;
            default -> n;
        };
    }

    private static int asInt(Object value) {
        assertThat(value).as("a number").isNotNull();
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
    }

    private static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    private static String str(Map<String, Object> root, String... path) {
        Object value = get(root, path);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}

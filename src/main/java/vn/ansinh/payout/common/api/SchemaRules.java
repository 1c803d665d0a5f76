package vn.ansinh.payout.common.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * What the contract's schemas say to a generator, made exact: a closed set of codes written as a Bean
 * Validation pattern ({@code VERIFIED|NEEDS_DOCUMENTS|REJECTED}) becomes an {@code enum}, so generated
 * clients get enum types instead of strings; every other pattern is anchored ({@code ^(?:…)$}), because
 * JSON Schema patterns match anywhere in a value while Bean Validation matches the whole value (except the
 * scanner's own {@code \S} for {@code @NotBlank}, which means "somewhere").
 */
final class SchemaRules {

    private static final Pattern CODES = Pattern.compile("[A-Z][A-Z0-9_]*(\\|[A-Z][A-Z0-9_]*)+");
    /** What the scanner writes for {@code @NotBlank}: "contains a non-blank character", meant unanchored. */
    private static final String NOT_BLANK = "\\S";

    private SchemaRules() {
    }

    static void apply(OpenAPI openAPI) {
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(s -> exact(s, seen));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            if (item.getParameters() != null) {
                item.getParameters().forEach(p -> exact(p.getSchema(), seen));
            }
            if (item.getOperations() == null) {
                continue;
            }
            for (Operation op : item.getOperations().values()) {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> exact(p.getSchema(), seen));
                }
                if (op.getRequestBody() != null) {
                    exact(op.getRequestBody().getContent(), seen);
                }
                if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(r -> exact(r.getContent(), seen));
                }
            }
        }
    }

    private static void exact(Content content, Set<Schema> seen) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> exact(m.getSchema(), seen));
        }
    }

    private static void exact(Schema s, Set<Schema> seen) {
        if (s == null || !seen.add(s)) {
            return;
        }
        String pattern = s.getPattern();
        if (pattern != null) {
            if (CODES.matcher(pattern).matches()) {
                s.setPattern(null);
                s.setEnumeration(new ArrayList<>(List.of((Object[]) pattern.split("\\|"))));
            } else if (!pattern.startsWith("^") && !pattern.equals(NOT_BLANK)) {
                s.setPattern("^(?:" + pattern + ")$");
            }
        }
        if (s.getProperties() != null) {
            s.getProperties().values().forEach(p -> exact(p, seen));
        }
        exact(s.getItems(), seen);
        for (List<Schema> group : java.util.Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf())) {
            if (group != null) {
                group.forEach(g -> exact(g, seen));
            }
        }
        if (s.getAdditionalPropertiesSchema() != null) {
            exact(s.getAdditionalPropertiesSchema(), seen);
        }
    }
}

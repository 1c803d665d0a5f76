package vn.ansinh.payout.common.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents the problem-detail responses every operation can give, so the frontend teams see them
 * in the contract: 400/500 everywhere, 401/403 on secured operations, 404 where the path names a
 * resource, 409/412/413/415/422/429/503 where an operation declares them itself. Also leaves a
 * request body declared by reference ({@code @Schema(implementation = ...)}) as that reference alone:
 * the scanner adds the {@code @RestForm} parameters beside it as plain strings, which generated clients
 * would then send instead of the declared JSON part and files.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";
    private static final String REQUEST_ID = "X-Request-Id";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getComponents().addSchema("FieldError", fieldErrorSchema());
        openAPI.getComponents().addHeader(REQUEST_ID, OASFactory.createHeader()
                .description("The request's id, also in every problem's requestId (and in the service's logs)")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        SchemaRules.apply(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean namesResource = path.getKey().contains("{");
            Map<PathItem.HttpMethod, Operation> operations = path.getValue().getOperations();
            if (operations == null) {
                continue;
            }
            for (Operation op : operations.values()) {
                bodiesByReferenceOnly(op);
                // public operations declare an empty security requirement (@SecurityRequirements())
                boolean secured = op.getSecurity() == null || !op.getSecurity().isEmpty();
                add(op, "400", "Malformed request or invalid fields");
                if (secured) {
                    add(op, "401", "Missing, expired or invalid bearer token");
                    add(op, "403", "The caller's role or area scope does not allow this");
                }
                if (namesResource) {
                    add(op, "404", "No such resource");
                }
                if (op.getRequestBody() != null) {
                    add(op, "413", "The body is over its budget (the problem names the setting)");
                    add(op, "415", "A content type the operation does not take");
                }
                add(op, "500", "Unexpected error (logged with the request id)");
                add(op, "503", "A dependency (the database) is unavailable; retry after Retry-After seconds");
                declaredErrorsAreProblems(op);
                headers(op);
                sortResponses(op);
            }
        }
    }

    private static void bodiesByReferenceOnly(Operation op) {
        if (op.getRequestBody() == null || op.getRequestBody().getContent() == null
                || op.getRequestBody().getContent().getMediaTypes() == null) {
            return;
        }
        for (var media : op.getRequestBody().getContent().getMediaTypes().values()) {
            Schema schema = media.getSchema();
            if (schema != null && schema.getRef() != null && schema.getProperties() != null) {
                media.setSchema(OASFactory.createSchema().ref(schema.getRef()));
            }
        }
    }

    private static void add(Operation op, String status, String description) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponse existing = op.getResponses().getAPIResponse(status);
        if (existing != null && existing.getContent() != null) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse()
                .description(existing != null && existing.getDescription() != null ? existing.getDescription() : description)
                .content(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
        op.getResponses().addAPIResponse(status, response);
    }

    /** Every error an operation declares itself (409, 412, 422, 429...) is a problem detail too; 429 and 503 say when to retry. */
    private static void declaredErrorsAreProblems(Operation op) {
        for (Map.Entry<String, APIResponse> e : op.getResponses().getAPIResponses().entrySet()) {
            if (!e.getKey().matches("[45][0-9][0-9]")) {
                continue;
            }
            APIResponse response = e.getValue();
            if (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty()) {
                response.setContent(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
            }
            if ((e.getKey().equals("429") || e.getKey().equals("503"))
                    && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before trying again")
                        .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))));
            }
        }
    }

    /** Every answer carries X-Request-Id; a 201 says where the new resource is. */
    private static void headers(Operation op) {
        for (Map.Entry<String, APIResponse> e : op.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = e.getValue();
            if (response.getHeaders() == null || !response.getHeaders().containsKey(REQUEST_ID)) {
                response.addHeader(REQUEST_ID, OASFactory.createHeader().ref(REQUEST_ID));
            }
            if (e.getKey().equals("201") && !response.getHeaders().containsKey("Location")) {
                response.addHeader("Location", OASFactory.createHeader().description("The path of what was created")
                        .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
            }
        }
    }

    private static void sortResponses(Operation op) {
        Map<String, APIResponse> sorted = new TreeMap<>(op.getResponses().getAPIResponses());
        op.getResponses().setAPIResponses(sorted);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details. Clients branch on `code` (stable) or `type`; "
                        + "`title` and `detail` are in the language asked for by Accept-Language (vi default, en).")
                .addProperty("type", string("Stable problem type URI", "urn:ansinh:problem:validation-failed"))
                .addProperty("title", string("Short summary", "Dữ liệu không hợp lệ"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).examples(List.of(400)))
                .addProperty("detail", string("What went wrong with this request", "Có trường dữ liệu không hợp lệ."))
                .addProperty("instance", string("The request path", "/api/v1/areas"))
                .addProperty("code", string("Stable machine-readable code", "VALIDATION_FAILED"))
                .addProperty("requestId", string("Same as the X-Request-Id response header", "3f1c2a9e-8d7b-4c1e-9a55-0b6f7d2e4a10"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status", "code"));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("field", string("JSON path of the field", "parentCode"))
                .addProperty("code", string("Rule that failed", "PATTERN"))
                .addProperty("message", string("Message in the requested language", "không đúng định dạng"));
    }

    private static Schema string(String description, String example) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description)
                .examples(List.of(example));
    }
}

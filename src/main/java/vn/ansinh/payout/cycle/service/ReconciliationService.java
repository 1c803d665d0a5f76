package vn.ansinh.payout.cycle.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;


import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.CsvRecordBudget;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.cycle.repository.CycleRepository;
import vn.ansinh.payout.cycle.repository.CycleRepository.Cycle;
import vn.ansinh.payout.cycle.repository.ReconciliationRepository;
import vn.ansinh.payout.cycle.repository.ReconciliationRepository.Reconciliation;
import vn.ansinh.payout.cycle.repository.ReconciliationRepository.ResultRow;
import vn.ansinh.payout.security.Caller;

/**
 * Applies the payment provider's results to cycles: a results file per cycle, or signed callbacks per
 * line or batch. Either way the rows are staged and applied by the same set-based statements, so the
 * same result twice changes nothing, a conflicting result for a settled line is refused and reported,
 * and a file of a million rows never becomes a million objects.
 */
@ApplicationScoped
public class ReconciliationService {

    static final int BATCH = 5000;
    static final Set<String> FAILURE_CODES = Set.of("ACCOUNT_CLOSED", "NAME_MISMATCH", "ACCOUNT_NOT_FOUND",
            "LIMIT_EXCEEDED", "PROVIDER_ERROR", "RECIPIENT_ABSENT", "RECIPIENT_DECEASED", "OTHER");
    static final List<String> COLUMNS = List.of("reference_id", "status", "amount_vnd", "provider_reference", "paid_at",
            "failure_code", "failure_detail");
    private static final Pattern CALLBACK_ID = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

    private final CycleRepository cycles;
    private final ReconciliationRepository results;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final CycleConfig config;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Providers providers;

    public ReconciliationService(CycleRepository cycles, ReconciliationRepository results, Jurisdiction jurisdiction,
            AuditTrail audit, Clock clock, CycleConfig config, com.fasterxml.jackson.databind.ObjectMapper json,
            Providers providers) {
        this.providers = providers;
        this.json = json;
        this.cycles = cycles;
        this.results = results;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    /** A result as a provider sends it in a callback. */
    public record Result(String referenceId, String status, Long amountVnd, String providerReference, String paidAt,
            String failureCode, String failureDetail) {
    }

    /**
     * Reads a results file (CSV with the header {@link #COLUMNS}) and applies it. Blocking: call it on
     * a worker thread. The file is read as a stream and staged in batches.
     */
    public Reconciliation applyFile(Caller caller, UUID cycleId, InputStream body) {
        Cycle cycle = cycles.find(cycles.pool(), cycleId).await().indefinitely();
        if (cycle == null) {
            throw ApiException.notFound("cycle");
        }
        jurisdiction.require(caller, cycle.provinceCode()).await().indefinitely();
        List<String> channels = providers.reportableChannels(caller, cycle.provinceCode());
        requireDisbursing(cycle);
        UUID id = UUID.randomUUID();
        MessageDigest digest = Digests.sha256();
        try (CsvRecordBudget budget = new CsvRecordBudget(
                withoutByteOrderMark(new InputStreamReader(new DigestInputStream(body, digest), StandardCharsets.UTF_8)),
                config.results().maxLineLength(), "ansinh.cycles.results.max-line-length");
                CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                        .setIgnoreEmptyLines(true).get().parse(budget)) {
            budget.recordRead();
            if (parser.getHeaderNames().size() > COLUMNS.size() * 4) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.resultsUnreadable");
            }
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (missing.size() > 0) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.resultsMissingColumns", String.join(", ", missing));
            }
            List<ResultRow> batch = new ArrayList<>(BATCH);
            int rowNo = 1;
            for (CSVRecord record : parser) {
                budget.recordRead();
                if (++rowNo > config.results().maxRows() + 1) {
                    throw CsvRecordBudget.overBudget("ansinh.cycles.results.max-rows", config.results().maxRows());
                }
                batch.add(read(rowNo, field(record, "reference_id"), field(record, "status"), field(record, "amount_vnd"),
                        field(record, "provider_reference"), field(record, "paid_at"), field(record, "failure_code"),
                        field(record, "failure_detail")));
                if (batch.size() == BATCH) {
                    results.stage(results.pool(), id, batch).await().indefinitely();
                    batch = new ArrayList<>(BATCH);
                }
            }
            results.stage(results.pool(), id, batch).await().indefinitely();
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            results.dropStaging(results.pool(), id).await().indefinitely();
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.resultsUnreadable");
        } catch (RuntimeException e) {
            results.dropStaging(results.pool(), id).await().indefinitely();
            throw e;
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        return cycles.pool().withTransaction(c -> apply(c, caller, cycle.id(), id, "FILE", sha, channels))
                .onFailure().call(() -> results.dropStaging(results.pool(), id))
                .flatMap(v -> results.find(cycle.id(), id)).await().indefinitely();
    }

    /** Applies staged rows to a cycle under its lock, and records what they did. */
    private Uni<Map<String, Long>> apply(SqlConnection c, Caller caller, UUID cycleId, UUID id, String source, String sha,
            List<String> channels) {
        return cycles.lock(c, cycleId).flatMap(cycle -> {
            requireDisbursing(cycle);
            return results.create(c, id, cycle.id(), source, sha, caller.subject())
                    .flatMap(v -> results.apply(c, id, cycle.id(), cycle.code(), source, channels))
                    .call(verdicts -> {
                        long total = verdicts.values().stream().mapToLong(Long::longValue).sum();
                        long applied = verdicts.getOrDefault("NEW", 0L);
                        long unchanged = verdicts.getOrDefault("UNCHANGED", 0L);
                        Map<String, Object> summary = new LinkedHashMap<>();
                        summary.put("code", cycle.code());
                        summary.put("source", source);
                        summary.put("contentSha256", sha);
                        summary.put("verdicts", verdicts);
                        return results.finish(c, id, total, applied, unchanged, total - applied - unchanged)
                                .flatMap(x -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                                        "PAYMENT_RESULTS_APPLIED", "reconciliation", id.toString(), cycle.provinceCode(), summary))));
                    });
        });
    }

    /** What a callback did. */
    public record CallbackOutcome(String callbackId, long applied, long unchanged, List<Rejected> rejected) {
    }

    public record Rejected(String referenceId, String reason) {
    }

    /**
     * Verifies and applies a signed callback. The signature is HMAC-SHA256 of
     * {@code timestamp + "." + body} with one of the provider's own secrets, hex, in {@code sha256=<hex>}; the
     * timestamp (epoch seconds) must be within the tolerance of now, and a callback id is accepted once per provider.
     */
    public Uni<CallbackOutcome> applyCallback(Caller caller, String timestamp, String signature, byte[] body) {
        // the provider's own secrets: another provider's signature does not verify
        String provider = providers.of(caller).code();
        verifySignature(providers.callbackSecrets(caller), timestamp, signature, body == null ? new byte[0] : body);
        CallbackBody parsed;
        try {
            parsed = json.readValue(body, CallbackBody.class);
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.MALFORMED_REQUEST, "detail.callbackUnreadable"));
        }
        if (parsed.callbackId() == null || !CALLBACK_ID.matcher(parsed.callbackId()).matches()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(
                    new vn.ansinh.payout.common.api.Problem.FieldError("callbackId", "INVALID", "field.callbackId")),
                    "detail.validation"));
        }
        if (parsed.results() == null || parsed.results().isEmpty() || parsed.results().size() > 10_000) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(
                    new vn.ansinh.payout.common.api.Problem.FieldError("results", "SIZE", "field.callbackResults")),
                    "detail.validation"));
        }
        Map<String, List<ResultRow>> byCycle = new LinkedHashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        int rowNo = 0;
        for (Result r : parsed.results()) {
            rowNo++;
            if (r == null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(
                        new vn.ansinh.payout.common.api.Problem.FieldError("results[" + (rowNo - 1) + "]", "NULL",
                                "field.callbackResults")), "detail.validation"));
            }
            ResultRow row = read(rowNo, r.referenceId(), r.status(), r.amountVnd() == null ? null : r.amountVnd().toString(),
                    r.providerReference(), r.paidAt(), r.failureCode(), r.failureDetail());
            String ref = r.referenceId() == null ? "" : r.referenceId();
            int dash = ref.indexOf('-');
            byCycle.computeIfAbsent(dash > 0 ? ref.substring(0, dash) : "", k -> new ArrayList<>()).add(row);
        }
        String sha = Digests.sha256Hex(body);
        OffsetDateTime signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp)).atOffset(java.time.ZoneOffset.UTC);
        long[] counts = new long[2];
        return cycles.pool().withTransaction(c -> results.acceptCallback(c, provider, parsed.callbackId(), signedAt, sha, caller.subject())
                .flatMap(fresh -> {
                    if (!fresh) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.REPLAYED, "detail.callbackReplayed"));
                    }
                    return Multi.createFrom().iterable(byCycle.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> cycles.findByCode(c, e.getKey()).flatMap(cycle -> {
                                if (cycle == null) {
                                    e.getValue().forEach(row -> rejected.add(new Rejected(row.reference(), "UNKNOWN_REFERENCE")));
                                    return Uni.createFrom().voidItem();
                                }
                                return jurisdiction.require(caller, cycle.provinceCode()).flatMap(ok -> {
                                    UUID id = UUID.randomUUID();
                                    List<String> channels = providers.reportableChannels(caller, cycle.provinceCode());
                                    return results.stage(c, id, e.getValue())
                                            .flatMap(v -> apply(c, caller, cycle.id(), id, "CALLBACK", sha, channels))
                                            .flatMap(verdicts -> {
                                                counts[0] += verdicts.getOrDefault("NEW", 0L);
                                                counts[1] += verdicts.getOrDefault("UNCHANGED", 0L);
                                                return results.rejections(c, id, 0, 10_000);
                                            })
                                            .invoke(list -> list.forEach(x -> rejected.add(new Rejected(x.reference(), x.reason()))))
                                            .replaceWithVoid();
                                });
                            }))
                            .collect().last();
                }))
                .map(v -> new CallbackOutcome(parsed.callbackId(), counts[0], counts[1], rejected));
    }

    /** A callback's body. */
    public record CallbackBody(String callbackId, List<Result> results) {
    }

    /** Verified against each of the provider's secrets: two are valid while one replaces the other. */
    void verifySignature(List<String> secrets, String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}") || !signature.startsWith("sha256=")) {
            throw new ApiException(ErrorCode.SIGNATURE_INVALID, "detail.signatureMissing");
        }
        long skew = Math.abs(clock.now().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > config.callbacks().tolerance().toSeconds()) {
            throw new ApiException(ErrorCode.SIGNATURE_INVALID, "detail.signatureStale");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.SIGNATURE_INVALID, "detail.signatureInvalid");
        }
        boolean valid = false;
        for (String secret : secrets) {
            // every secret is tried, so the time taken does not tell which one matched
            valid |= MessageDigest.isEqual(sign(secret, timestamp, body), given);
        }
        if (!valid) {
            throw new ApiException(ErrorCode.SIGNATURE_INVALID, "detail.signatureInvalid");
        }
    }

    /** HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static byte[] sign(String secret, String timestamp, byte[] body) {
        return Digests.hmacSha256(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** Reads one result; a row that cannot be read keeps the reason instead of failing the file. */
    static ResultRow read(int rowNo, String reference, String status, String amount, String providerRef, String paidAt,
            String failureCode, String failureDetail) {
        for (String value : new String[] { reference, status, amount, providerRef, paidAt, failureCode, failureDetail }) {
            if (value != null && value.indexOf('\u0000') >= 0) {
                return invalid(rowNo, null, "INVALID_CHARACTERS");
            }
        }
        String ref = blankToNull(reference);
        String outcome = blankToNull(status);
        String provider = blankToNull(providerRef);
        String failure = blankToNull(failureCode);
        String detail = blankToNull(failureDetail);
        if (ref == null || ref.length() > 100) {
            return invalid(rowNo, ref, "INVALID_REFERENCE");
        }
        if (!"PAID".equals(outcome) && !"FAILED".equals(outcome)) {
            return invalid(rowNo, ref, "INVALID_STATUS");
        }
        Long amountVnd;
        try {
            amountVnd = Long.parseLong(String.valueOf(amount).strip());
        } catch (NumberFormatException e) {
            return invalid(rowNo, ref, "INVALID_AMOUNT");
        }
        OffsetDateTime paid = null;
        if ("PAID".equals(outcome)) {
            if (provider == null || provider.length() > 100) {
                return invalid(rowNo, ref, "MISSING_PROVIDER_REFERENCE");
            }
            try {
                paid = OffsetDateTime.parse(String.valueOf(blankToNull(paidAt)));
            } catch (DateTimeParseException e) {
                return invalid(rowNo, ref, "INVALID_PAID_AT");
            }
            if (failure != null) {
                return invalid(rowNo, ref, "FAILURE_CODE_ON_PAID");
            }
        } else if (failure == null || !FAILURE_CODES.contains(failure)) {
            return invalid(rowNo, ref, "INVALID_FAILURE_CODE");
        }
        if (provider != null && provider.length() > 100 || detail != null && detail.length() > 500) {
            return invalid(rowNo, ref, "FIELD_TOO_LONG");
        }
        return new ResultRow(rowNo, ref, outcome, amountVnd, provider, paid, failure, detail, null);
    }

    /** Spreadsheet programs start UTF-8 CSV with a byte-order mark, which would hide the first column's name. */
    static Reader withoutByteOrderMark(Reader reader) throws IOException {
        java.io.PushbackReader in = new java.io.PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    private static String field(CSVRecord record, String name) {
        return record.isSet(name) ? record.get(name) : null;
    }

    private static ResultRow invalid(int rowNo, String reference, String reason) {
        return new ResultRow(rowNo, reference == null ? "" : reference.substring(0, Math.min(100, reference.length())),
                null, null, null, null, null, null, reason);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void requireDisbursing(Cycle cycle) {
        CycleService.requireStatus(cycle, "DISBURSING");
    }

}

package vn.ansinh.payout.cycle.service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.change.ChangeRequest;
import vn.ansinh.payout.change.service.ChangeApplier;
import vn.ansinh.payout.change.service.ChangeRequests;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.cycle.repository.CycleRepository;
import vn.ansinh.payout.cycle.repository.CycleRepository.Cycle;
import vn.ansinh.payout.cycle.repository.PaymentLineRepository;
import vn.ansinh.payout.cycle.repository.PaymentLineRepository.Line;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * The life of a payment cycle: DRAFT → GENERATED → APPROVED → DISBURSING → CLOSED. Every step runs in
 * one transaction holding the cycle's row lock, so replicas and retries queue on it instead of racing,
 * and every step is recorded as a transition and in the audit trail.
 */
@ApplicationScoped
public class CycleService implements ChangeApplier {

    private final CycleRepository cycles;
    private final PaymentLineRepository lines;
    private final DisbursementFiles files;
    private final Jurisdiction jurisdiction;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final Clock clock;
    private final CycleConfig config;
    private final ChangeRequests changes;
    private final Providers providers;

    public CycleService(CycleRepository cycles, PaymentLineRepository lines, DisbursementFiles files, Jurisdiction jurisdiction,
            AreaDirectory areas, AuditTrail audit, Clock clock, CycleConfig config, ChangeRequests changes, Providers providers) {
        this.changes = changes;
        this.providers = providers;
        this.cycles = cycles;
        this.lines = lines;
        this.files = files;
        this.jurisdiction = jurisdiction;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    /** A cycle and whether this call generated it. */
    public record Opened(Cycle cycle, boolean generated) {
    }

    public static String code(String province, Program program, YearMonth month) {
        String p = switch (program) {
            case SOCIAL_ASSISTANCE -> "SA";
            case SOCIAL_PENSION -> "SP";
            case MERIT -> "MR";
        };
        return "C" + province + p + month.toString().replace("-", "");
    }

    /**
     * Opens the cycle of a province, program and month and generates its payroll, unless that was done
     * already: calling it again, or from two replicas at once, yields the one payroll.
     */
    public Uni<Opened> open(Caller caller, String province, Program program, YearMonth month) {
        if (month.isAfter(clock.currentMonth().plusMonths(1))) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.cycleTooEarly", month.toString()));
        }
        return areas.pathOf(province).flatMap(path -> {
            if (path == null || !path.equals("/" + province + "/")) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notAProvince", province));
            }
            return caller.isSystem() ? Uni.createFrom().voidItem() : jurisdiction.require(caller, province);
        }).flatMap(ok -> cycles.pool().withTransaction(c -> cycles.firstGeneratedMonth(c, province, program.name())
                .flatMap(first -> first != null && month.atDay(1).isBefore(first)
                        // a month before the province's first cycle was paid outside this service: most likely a typo
                        ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.cycleBeforeFirst",
                                month.toString(), YearMonth.from(first).toString()))
                        : Uni.createFrom().voidItem())
                .flatMap(v -> cycles.createIfAbsent(c, UUID.randomUUID(), code(province, program, month), province,
                        program.name(), month.atDay(1), caller.subject()))
                .flatMap(v -> cycles.lockByKey(c, province, program.name(), month.atDay(1)))
                .flatMap(cycle -> "DRAFT".equals(cycle.status())
                        ? generateLocked(c, caller, cycle).map(g -> new Opened(g, true))
                        : Uni.createFrom().item(new Opened(cycle, false)))));
    }

    /** Generates the payroll again from the registry as it is now; refused once the cycle is approved. */
    public Uni<Cycle> regenerate(Caller caller, UUID id) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id).flatMap(cycle -> {
            if (!Set.of("DRAFT", "GENERATED").contains(cycle.status())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleSealed", cycle.status()));
            }
            return generateLocked(c, caller, cycle);
        }));
    }

    private Uni<Cycle> generateLocked(SqlConnection c, Caller caller, Cycle cycle) {
        long started = System.nanoTime();
        return cycles.unapprovedBefore(c, cycle.provinceCode(), cycle.program(), cycle.month()).flatMap(open -> {
            if (open > 0) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.previousCycleOpen"));
            }
            return cycles.firstGeneratedMonth(c, cycle.provinceCode(), cycle.program());
        }).flatMap(first -> {
            LocalDate firstMonth = first == null || first.isAfter(cycle.month()) ? cycle.month() : first;
            Uni<Void> clear = "GENERATED".equals(cycle.status()) ? cycles.deletePayroll(c, cycle.id()) : Uni.createFrom().voidItem();
            return clear.flatMap(v -> cycles.generate(c, cycle, firstMonth, firstMonth.isBefore(cycle.month()),
                    config.funeralMultiple()));
        }).onFailure(CycleRepository.MissingStandardLevel.class).transform(e -> new ApiException(ErrorCode.UNPROCESSABLE,
                "detail.noStandardLevel", String.join(", ", ((CycleRepository.MissingStandardLevel) e).programs)))
                .flatMap(seal -> cycles.markGenerated(c, cycle.id(), caller.subject(), seal)
                        .flatMap(v -> cycles.recordTransition(c, cycle.id(), cycle.status(), "GENERATED", caller.subject(),
                                seal.lineCount() + " lines"))
                        .flatMap(v -> audit.recordBatch(c, caller, List.of(entry("CYCLE_GENERATED", cycle, Map.of(
                                "lineCount", seal.lineCount(), "totalAmountVnd", seal.totalAmountVnd(), "linesSha256", seal.sha256())))))
                        .invoke(() -> Log.infof("cycle %s generated: %d lines in %d ms", cycle.code(), seal.lineCount(),
                                (System.nanoTime() - started) / 1_000_000)))
                .flatMap(v -> cycles.find(c, cycle.id()));
    }

    /**
     * Approves a generated payroll. The approver is not its generator (four eyes) and names the hash of
     * the lines they reviewed, so a payroll regenerated after the review is not approved by mistake.
     */
    public Uni<Cycle> approve(Caller caller, UUID id, String linesSha256, String note) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id).flatMap(cycle -> {
            requireStatus(cycle, "GENERATED");
            // a payroll generated by the job (system caller) still needs a human approver
            SeparationOfDuties.requireChecker(SeparationOfDuties.Step.CYCLE_APPROVAL, caller, cycle.generatedBy());
            if (!cycle.linesSha256().equalsIgnoreCase(linesSha256)) {
                throw new ApiException(ErrorCode.PRECONDITION_FAILED, "detail.payrollChanged").with("linesSha256", cycle.linesSha256());
            }
            return cycles.seal(c, id).flatMap(seal -> {
                if (!seal.sha256().equals(cycle.linesSha256())) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.linesTampered"));
                }
                return cycles.markApproved(c, id, caller.subject())
                        .flatMap(v -> cycles.createHomeDeliveries(c, id))
                        .flatMap(deliveries -> cycles.recordTransition(c, id, "GENERATED", "APPROVED", caller.subject(), note)
                                .flatMap(v -> audit.recordBatch(c, caller, List.of(entry("CYCLE_APPROVED", cycle,
                                        mapOf("linesSha256", cycle.linesSha256(), "homeDeliveries", deliveries, "note", note))))));
            }).flatMap(v -> cycles.find(c, id));
        }));
    }

    /**
     * Releases an approved cycle to the payment provider: fixes the disbursement file's count, amount
     * and checksums (the file is the same every time it is produced) and moves the cycle to DISBURSING.
     */
    public Uni<Cycle> release(Caller caller, UUID id) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id).flatMap(cycle -> {
            requireStatus(cycle, "APPROVED");
            // whoever approved the payroll does not also send it to the provider
            SeparationOfDuties.requireChecker(SeparationOfDuties.Step.CYCLE_RELEASE, caller, cycle.approvedBy());
            return files.totals(cycle).flatMap(t -> files.sha256(cycle, DisbursementFiles.Format.CSV)
                    .flatMap(csv -> files.sha256(cycle, DisbursementFiles.Format.JSON)
                            .flatMap(json -> cycles.markReleased(c, id, caller.subject(), (int) t[0], t[1], csv, json)
                                    .flatMap(v -> cycles.recordTransition(c, id, "APPROVED", "DISBURSING", caller.subject(), null))
                                    .flatMap(v -> audit.recordBatch(c, caller, List.of(entry("CYCLE_RELEASED", cycle, Map.of(
                                            "transfers", t[0], "amountVnd", t[1], "csvSha256", csv, "jsonSha256", json))))))))
                    .flatMap(v -> cycles.find(c, id));
        }));
    }

    /** A disbursement file ready to stream, with its checksum fixed at release. */
    public record Download(Cycle cycle, DisbursementFiles.Format format, String sha256, io.smallrye.mutiny.Multi<byte[]> content) {
    }

    /**
     * The provider's file of a released cycle. It carries account numbers, so only callers covering the
     * province get it, and every download is recorded in the audit trail.
     */
    public Uni<Download> download(Caller caller, UUID id, DisbursementFiles.Format format) {
        return cycles.find(cycles.pool(), id).flatMap(cycle -> {
            if (cycle == null) {
                return Uni.createFrom().failure(ApiException.notFound("cycle"));
            }
            return jurisdiction.require(caller, cycle.provinceCode()).flatMap(ok -> {
                // a provider gets the lines of the transfer channels it pays, never another provider's
                List<String> channels = providers.downloadChannels(caller, cycle.provinceCode());
                if (!Set.of("DISBURSING", "CLOSED").contains(cycle.status())) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleState", cycle.status()));
                }
                if (channels != null && !channels.containsAll(Providers.TRANSFER_CHANNELS)) {
                    // part of the file: its checksum is its own, computed as the release computed the whole one's
                    return files.sha256(cycle, format, channels).flatMap(sha -> recordDownload(caller, cycle, format, sha,
                            channels).replaceWith(new Download(cycle, format, sha, files.content(cycle, format, channels))));
                }
                String sha = format == DisbursementFiles.Format.CSV ? cycle.disbursementCsvSha256() : cycle.disbursementJsonSha256();
                return recordDownload(caller, cycle, format, sha, Providers.TRANSFER_CHANNELS)
                        .replaceWith(new Download(cycle, format, sha, files.content(cycle, format)));
            });
        });
    }

    private Uni<Void> recordDownload(Caller caller, Cycle cycle, DisbursementFiles.Format format, String sha, List<String> channels) {
        return cycles.pool().withTransaction(c -> audit.recordBatch(c, caller, List.of(entry("DISBURSEMENT_FILE_READ",
                cycle, Map.of("format", format.name(), "sha256", sha, "channels", channels,
                        "transfers", cycle.disbursementCount())))));
    }

    /** Why a cycle cannot close. */
    public record Blocker(String code, long lines, long amountVnd) {
    }

    /**
     * Closes a cycle whose every line is paid or carried over and whose lines, control totals and
     * results reconcile; otherwise refuses with the reasons.
     */
    public Uni<Cycle> close(Caller caller, UUID id) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id).flatMap(cycle -> {
            requireStatus(cycle, "DISBURSING");
            return lines.settlement(c, id).flatMap(s -> cycles.seal(c, id).flatMap(seal -> lines.controlTotals(c, id)
                    .flatMap(control -> cycles.cashHeld(c, id).flatMap(cash -> {
                        List<Blocker> blockers = new ArrayList<>();
                        if (cash[0] > 0) {
                            // field officers still hold (or are short of) home-delivery cash
                            blockers.add(new Blocker("CASH_HELD_BY_FIELD_OFFICERS", cash[0], cash[1]));
                        }
                        if (s.unsettled() > 0) {
                            blockers.add(new Blocker("UNSETTLED_LINES", s.unsettled(), s.unsettledAmount()));
                        }
                        if (!seal.sha256().equals(cycle.linesSha256()) || seal.lineCount() != cycle.lineCount()) {
                            blockers.add(new Blocker("LINES_CHANGED_SINCE_APPROVAL", seal.lineCount(), seal.totalAmountVnd()));
                        }
                        if (control[0] != cycle.lineCount() || control[1] != cycle.totalAmountVnd()) {
                            blockers.add(new Blocker("CONTROL_TOTALS_DIFFER", control[0], control[1]));
                        }
                        if (s.paidAmount() + s.carriedAmount() != cycle.totalAmountVnd()
                                || s.paid() + s.carried() != cycle.lineCount()) {
                            blockers.add(new Blocker("RESULTS_DO_NOT_ADD_UP", s.paid() + s.carried(),
                                    s.paidAmount() + s.carriedAmount()));
                        }
                        if (!blockers.isEmpty()) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleNotReconciled",
                                    blockers.stream().map(Blocker::code).collect(Collectors.joining(", ")))
                                    .with("blockers", blockers));
                        }
                        return cycles.markClosed(c, id, caller.subject())
                                .flatMap(v -> cycles.recordTransition(c, id, "DISBURSING", "CLOSED", caller.subject(), null))
                                .flatMap(v -> audit.recordBatch(c, caller, List.of(entry("CYCLE_CLOSED", cycle, Map.of(
                                        "paid", s.paid(), "paidAmountVnd", s.paidAmount(), "carriedOver", s.carried(),
                                        "carriedOverAmountVnd", s.carriedAmount())))));
                    }))))
                    .flatMap(v -> cycles.find(c, id));
        }));
    }

    /** What a maker asks for when carrying over (the payload of a CARRY_OVER change request). */
    public record CarryOverRequest(List<Integer> lineNos, String reason) {
    }

    /** What a maker asks for when re-routing a failed line (the payload of a REROUTE change request). */
    public record RerouteRequest(int lineNo, String channel, UUID paymentPoint, String reason) {
    }

    /**
     * Asks to carry over the lines of a disbursing cycle that are neither paid nor carried over yet; the
     * lines are carried over when another province officer approves the request.
     */
    public Uni<UUID> carryOver(Caller caller, UUID id, List<Integer> lineNos, String reason) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id).flatMap(cycle -> {
            requireStatus(cycle, "DISBURSING");
            return changes.requestOn(c, caller, ChangeRequest.Kind.CARRY_OVER, "payment_cycle", id.toString(),
                    cycle.provinceCode(), new CarryOverRequest(lineNos, reason),
                    mapOf("cycle", cycle.code(), "lineNos", lineNos == null ? "ALL_OPEN" : lineNos, "reason", reason));
        }));
    }

    private Uni<String> applyCarryOver(SqlConnection c, Caller checker, String maker, UUID id, CarryOverRequest in) {
        return lockManaged(c, checker, id).flatMap(cycle -> {
            requireStatus(cycle, "DISBURSING");
            return lines.carryOver(c, id, in.lineNos(), in.reason(), maker, checker.subject()).call(r -> audit.recordBatch(c,
                    checker, List.of(entry("PAYMENTS_CARRIED_OVER", cycle, mapOf("lines", r[0], "amountVnd", r[1],
                            "reason", in.reason(), "lineNos", in.lineNos(), "requestedBy", maker)))))
                    .map(r -> r[0] + " lines, " + r[1] + " VND");
        });
    }

    /** Asks to send a failed line again by cash, at the payment point or at home, within the cycle. */
    public Uni<UUID> reroute(Caller caller, UUID id, int lineNo, String channel, UUID paymentPoint, String reason) {
        return cycles.pool().withTransaction(c -> lockManaged(c, caller, id)
                .flatMap(cycle -> rerouteFits(c, cycle, lineNo, channel, paymentPoint).flatMap(line -> changes.requestOn(c,
                        caller, ChangeRequest.Kind.REROUTE, "payment_line", line.reference(), cycle.provinceCode(),
                        new RerouteRequest(lineNo, channel, paymentPoint, reason),
                        mapOf("reference", line.reference(), "amountVnd", line.amountVnd(), "failureCode", line.failureCode(),
                                "channel", channel, "paymentPointId", paymentPoint == null ? null : paymentPoint.toString(),
                                "reason", reason)))));
    }

    private Uni<Line> rerouteFits(SqlConnection c, Cycle cycle, int lineNo, String channel, UUID paymentPoint) {
        if (!Set.of("APPROVED", "DISBURSING").contains(cycle.status())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleState", cycle.status()));
        }
        return lines.byNumber(c, cycle.id(), lineNo).flatMap(line -> {
            if (line == null) {
                return Uni.createFrom().failure(ApiException.notFound("payment"));
            }
            if (!"FAILED".equals(line.state())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.rerouteNotFailed", line.state()));
            }
            Uni<Void> pointOk = paymentPoint == null || !"CASH_AT_POINT".equals(channel) ? Uni.createFrom().voidItem()
                    : lines.pointServesCommune(c, paymentPoint, line.communeCode()).flatMap(ok -> ok
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED, List.of(
                                    new vn.ansinh.payout.common.api.Problem.FieldError("paymentPointId", "NOT_IN_COMMUNE",
                                            "field.paymentPoint")), "detail.validation")));
            return pointOk.replaceWith(line);
        });
    }

    private Uni<String> applyReroute(SqlConnection c, Caller checker, String maker, UUID id, RerouteRequest in) {
        return lockManaged(c, checker, id).flatMap(cycle -> rerouteFits(c, cycle, in.lineNo(), in.channel(), in.paymentPoint())
                .flatMap(line -> {
                    int attempt = line.attempt() + 1;
                    return lines.reroute(c, line.id(), attempt, in.channel(),
                            "CASH_AT_POINT".equals(in.channel()) ? in.paymentPoint() : null, in.reason(), maker, checker.subject())
                            .flatMap(v -> "HOME_DELIVERY".equals(in.channel()) ? lines.homeDeliveryForReroute(c, line.id(), attempt)
                                    : Uni.createFrom().voidItem())
                            .flatMap(v -> audit.recordBatch(c, checker, List.of(new AuditTrail.BatchEntry("PAYMENT_REROUTED",
                                    "payment_line", line.reference(), line.communeCode(), mapOf("attempt", attempt,
                                            "channel", in.channel(), "failureCode", line.failureCode(), "reason", in.reason(),
                                            "requestedBy", maker)))))
                            .replaceWith(line.reference() + "/" + attempt);
                }));
    }

    @Override
    public Set<ChangeRequest.Kind> kinds() {
        return Set.of(ChangeRequest.Kind.REROUTE, ChangeRequest.Kind.CARRY_OVER);
    }

    /** Applies a checked re-route or carry-over in the transaction that marks the request applied. */
    @Override
    public Uni<ChangeRequest> apply(UUID requestId, Caller checker, String note) {
        return cycles.pool().withTransaction(c -> changes.claimOn(c, requestId, checker, note).flatMap(claimed -> {
            return requestedCycle(c, claimed).flatMap(cycleId -> switch (claimed.kind()) {
                case REROUTE -> applyReroute(c, checker, claimed.madeBy(), cycleId,
                        changes.read(claimed.payload(), RerouteRequest.class));
                case CARRY_OVER -> applyCarryOver(c, checker, claimed.madeBy(), cycleId,
                        changes.read(claimed.payload(), CarryOverRequest.class));
                default -> throw new IllegalStateException(claimed.kind().name());
            }).flatMap(result -> changes.resultOn(c, requestId, result));
        })).flatMap(v -> changes.reload(requestId));
    }

    /** The cycle a request is about: its own id, or the cycle of the line it names. */
    private Uni<UUID> requestedCycle(SqlConnection c, vn.ansinh.payout.change.service.ChangeRequests.Claimed claimed) {
        return c.preparedQuery("select entity_type, entity_id from change_request where id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(claimed.id())).flatMap(rows -> {
                    var row = rows.iterator().next();
                    String entity = row.getString(1);
                    if ("payment_cycle".equals(row.getString(0))) {
                        return Uni.createFrom().item(UUID.fromString(entity));
                    }
                    return cycles.findByCode(c, entity.substring(0, entity.indexOf('-'))).map(Cycle::id);
                });
    }

    /** A cycle the caller may read: its province covers the caller's work (commune officers see their province's cycles). */
    public Uni<Cycle> get(Caller caller, UUID id) {
        return cycles.find(cycles.pool(), id).flatMap(cycle -> {
            if (cycle == null) {
                return Uni.createFrom().failure(ApiException.notFound("cycle"));
            }
            return jurisdiction.requireWorksWithin(caller, cycle.provinceCode()).replaceWith(cycle);
        });
    }

    public Uni<List<CycleRepository.Transition>> transitions(UUID id) {
        return cycles.transitions(id);
    }

    /** Control totals; totals by commune only for communes the caller covers. */
    public Uni<List<CycleRepository.Total>> totals(Caller caller, Cycle cycle) {
        return cycles.totals(cycle.id()).flatMap(all -> jurisdiction.coveredAreas(caller).map(covered -> all.stream()
                .filter(t -> !"COMMUNE".equals(t.dimension()) || covered.contains(t.key())).toList()));
    }

    public Uni<Page<Cycle>> list(Caller caller, String province, Program program, YearMonth month, String status, int page,
            int size) {
        Uni<Set<String>> provinces = province != null
                ? jurisdiction.requireWorksWithin(caller, province).replaceWith(Set.of(province))
                : jurisdiction.coveredAreas(caller).flatMap(codes -> provincesOf(codes));
        String prog = program == null ? null : program.name();
        LocalDate m = month == null ? null : month.atDay(1);
        return provinces.flatMap(p -> cycles.list(p, prog, m, status, page, size)
                .flatMap(items -> cycles.count(p, prog, m, status).map(total -> Page.of(items, page, size, total))));
    }

    private Uni<Set<String>> provincesOf(Set<String> codes) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(codes)
                .onItem().transformToUniAndConcatenate(areas::provinceOf)
                .filter(p -> p != null).collect().asSet();
    }

    /** A cycle's lines in the communes the caller covers (or the one asked for, checked). */
    public Uni<Page<Line>> payments(Caller caller, UUID id, String commune, String channel, String kind, String state, int page,
            int size) {
        return get(caller, id).flatMap(cycle -> jurisdiction.visibleAreas(caller, commune)
                .flatMap(communes -> lines.page(id, communes, channel, kind, state, page, size)
                        .flatMap(items -> lines.count(id, communes, channel, kind, state)
                                .map(total -> Page.of(items, page, size, total)))));
    }

    public Uni<Page<PaymentLineRepository.Change>> comparison(Caller caller, UUID id, String commune, String change, int page,
            int size) {
        return get(caller, id).flatMap(cycle -> {
            if ("DRAFT".equals(cycle.status())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleState", cycle.status()));
            }
            return lines.previousCycle(id).flatMap(previous -> jurisdiction.visibleAreas(caller, commune)
                    .flatMap(communes -> lines.comparison(id, previous, cycle.month(), communes, change, page, size)
                            .flatMap(items -> lines.comparisonCount(id, previous, cycle.month(), communes, change)
                                    .map(total -> Page.of(items, page, size, total)))));
        });
    }

    private Uni<Cycle> lockManaged(SqlConnection c, Caller caller, UUID id) {
        return cycles.lock(c, id).flatMap(cycle -> {
            if (cycle == null) {
                return Uni.createFrom().failure(ApiException.notFound("cycle"));
            }
            return jurisdiction.require(caller, cycle.provinceCode()).replaceWith(cycle);
        });
    }

    static void requireStatus(Cycle cycle, String status) {
        if (!status.equals(cycle.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.cycleStateExpected", cycle.status(), status);
        }
    }

    static AuditTrail.BatchEntry entry(String action, Cycle cycle, Map<String, ?> changes) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", cycle.code());
        all.putAll(changes);
        return new AuditTrail.BatchEntry(action, "payment_cycle", cycle.id().toString(), cycle.provinceCode(), all);
    }

    /** A map that keeps nulls (Map.of refuses them). */
    static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

package vn.ansinh.payout.status.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;


import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.status.port.SmsGateway;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.status.repository.StatusRepository;
import vn.ansinh.payout.status.repository.StatusRepository.Held;
import vn.ansinh.payout.status.repository.StatusRepository.History;
import vn.ansinh.payout.status.repository.StatusRepository.Match;
import vn.ansinh.payout.status.repository.StatusRepository.Payment;

/**
 * "Has this month's money been paid?" for a beneficiary or the person who receives for them. A lookup
 * needs the national ID and the beneficiary's date of birth; anything else is the same "no match",
 * whatever was wrong. Lookups are limited per client and per ID, and an ID is locked after repeated
 * misses, in PostgreSQL so every replica sees the same counts. IDs are logged only as a keyed hash.
 */
@ApplicationScoped
public class StatusLookupService {

    static final int MONTHS = 12;

    /** A person answered for, with their last months. */
    public record Person(UUID beneficiaryId, String fullName, String communeCode, String communeName, String via,
            List<MonthStatus> months) {
    }

    /** A public answer: the people, and whether a valid code opened the detail tier. */
    public record Answer(boolean detail, List<Person> people) {
    }

    /** One month: its payments, or HELD when payments were suspended that month. */
    public record MonthStatus(YearMonth month, String status, List<Payment> payments) {
    }

    private final StatusRepository repository;
    private final StatusConfig config;
    private final Clock clock;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final GuessGuard guard;
    private final ClientWindows clients;
    private final Counter misses;
    private final Counter locks;
    private final Counter refused;
    private final Counter refusedLocked;
    private final Counter codesSent;
    private final Counter enumeration;
    private final MissNetworks networks;
    private final Counter codesRefusedGateway;
    private final Counter codesRefusedId;
    private final Counter codesRefusedPhone;
    private final Counter codesUnmatched;
    private final Counter codesAccepted;
    private final Counter codesRejected;
    private final SmsGateway sms;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public StatusLookupService(StatusRepository repository, StatusConfig config, Clock clock, Jurisdiction jurisdiction,
            AuditTrail audit, MeterRegistry meters, SmsGateway sms) {
        this.audit = audit;
        this.sms = sms;
        this.networks = new MissNetworks(config.enumerationIds());
        this.enumeration = Counter.builder("ansinh.status.enumeration.networks")
                .description("Client networks whose misses reached ansinh.status.enumeration-ids distinct IDs within an hour")
                .register(meters);
        this.codesSent = Counter.builder("ansinh.status.codes.sent").description("One-time codes the SMS gateway accepted")
                .register(meters);
        this.codesRefusedGateway = refusedCode(meters, "gateway");
        this.codesRefusedId = refusedCode(meters, "id_daily_limit");
        this.codesRefusedPhone = refusedCode(meters, "phone_daily_limit");
        this.codesUnmatched = refusedCode(meters, "no_match");
        this.codesAccepted = Counter.builder("ansinh.status.codes.checked").tag("outcome", "accepted")
                .description("Codes presented with a lookup").register(meters);
        this.codesRejected = Counter.builder("ansinh.status.codes.checked").tag("outcome", "rejected")
                .description("Codes presented with a lookup").register(meters);
        this.repository = repository;
        this.config = config;
        this.clock = clock;
        this.jurisdiction = jurisdiction;
        this.guard = GuessGuard.of(config, Clock.ZONE);
        this.clients = new ClientWindows(config.perClientPerMinute());
        this.misses = Counter.builder("ansinh.status.misses").description("Public lookups that matched nobody").register(meters);
        this.locks = Counter.builder("ansinh.status.locks").description("National IDs locked after misses").register(meters);
        this.refused = Counter.builder("ansinh.status.refused").tag("reason", "rate")
                .description("Public lookups refused (429)").register(meters);
        this.refusedLocked = Counter.builder("ansinh.status.refused").tag("reason", "locked")
                .description("Public lookups refused (429)").register(meters);
    }

    private static Counter refusedCode(MeterRegistry meters, String reason) {
        return Counter.builder("ansinh.status.codes.refused").tag("reason", reason)
                .description("Code requests that sent no code (no match or no phone, a daily limit, the gateway)").register(meters);
    }

    public GuessGuard guard() {
        return guard;
    }

    /**
     * The public lookup. {@code client} identifies the asker for the per-client limit (its address). With a
     * valid one-time {@code code} the answer is the detail tier, and a lock of the ID does not stop it; a code
     * that is not valid is the same "no match" as anything else wrong (or the lock's 429), and is no miss of the
     * date of birth: such an answer tells nothing about it.
     */
    public Uni<Answer> lookup(String client, String nationalId, LocalDate dateOfBirth, String code) {
        String idHash = hash(nationalId);
        boolean enforce = config.rateLimitEnabled();
        OffsetDateTime now = clock.offsetNow();
        if (enforce && !clients.allow(hash("client:" + client), now.toInstant())) {
            refused.increment();
            return Uni.createFrom().failure(tooMany(clients.windowEnd(now.toInstant())));
        }
        return repository.lookup("i:" + idHash, idHash, now, config.perIdPerMinute(), enforce, code != null, nationalId,
                dateOfBirth, clock.today(), cycleMonths(), forMonths())
                .flatMap(gated -> {
                    StatusRepository.Gate gate = gated.gate();
                    if (gate != null && gate.idHits() > config.perIdPerMinute()) {
                        refused.increment();
                        return Uni.createFrom().failure(tooMany(gate.windowEnd().toInstant()));
                    }
                    boolean locked = gate != null && gate.guard().lockedAt(now.toInstant());
                    Uni<Boolean> codeOk = code == null ? Uni.createFrom().item(false)
                            : repository.checkCode(idHash, codeHash(idHash, code), now, config.codeAttempts())
                                    .invoke(ok -> (ok ? codesAccepted : codesRejected).increment());
                    return codeOk.flatMap(ok -> {
                        if (locked && !ok) {
                            refusedLocked.increment();
                            return Uni.createFrom().failure(tooMany(gate.guard().lockedUntil()));
                        }
                        History found = gated.history();
                        if (code != null && !ok) {
                            Log.infof("status lookup id=%s outcome=CODE_REJECTED", idHash.substring(0, 16));
                            return Uni.createFrom().failure(noMatch());
                        }
                        if (found.matches().isEmpty()) {
                            Log.infof("status lookup id=%s outcome=NO_MATCH", idHash.substring(0, 16));
                            misses.increment();
                            if (enforce && networks.miss(client, idHash, now.toInstant())) {
                                enumeration.increment();
                                Log.warnf("status enumeration: network %s missed on %d distinct IDs within the hour",
                                        hash("network:" + MissNetworks.network(client)).substring(0, 16), config.enumerationIds());
                            }
                            Uni<Void> miss = gate != null ? recordMiss(idHash, gate.guard(), now.toInstant(), 5)
                                    : Uni.createFrom().voidItem();
                            return miss.flatMap(x -> Uni.createFrom().failure(noMatch()));
                        }
                        Log.infof("status lookup id=%s outcome=MATCH tier=%s via=%s count=%d", idHash.substring(0, 16),
                                ok ? "DETAIL" : "BASIC", found.matches().get(0).via(), found.matches().size());
                        return Uni.createFrom().item(new Answer(ok, people(found)));
                    });
                });
    }

    /**
     * A one-time code for the detail tier, sent by SMS to the phone registered for the person (or for the
     * representative whose ID this is) when the ID and date of birth match and neither the ID nor the phone
     * has had its codes today. The caller is told the same whatever happened, after the same database work
     * (a row is written for a request that matches nobody too); the SMS leaves after the answer.
     */
    public Uni<Void> requestCode(String client, String nationalId, LocalDate dateOfBirth) {
        OffsetDateTime now = clock.offsetNow();
        if (config.rateLimitEnabled() && !clients.allow(hash("client:" + client), now.toInstant())) {
            refused.increment();
            return Uni.createFrom().failure(tooMany(clients.windowEnd(now.toInstant())));
        }
        String idHash = hash(nationalId);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        UUID id = UUID.randomUUID();
        return repository.codePhone(nationalId, dateOfBirth, clock.today()).flatMap(phone -> repository.insertCode(id, idHash,
                phone == null ? null : hash("phone:" + phone), codeHash(idHash, code), now, clock.today(),
                now.plus(config.codeValidFor()), config.codesPerIdPerDay(), config.codesPerPhonePerDay())
                .invoke(row -> {
                    if (row.sent()) {
                        sms.send(phone, Messages.get(java.util.Locale.forLanguageTag("vi"), "status.sms", code,
                                config.codeValidFor().toMinutes()), id.toString())
                                .subscribe().with(result -> (result == SmsGateway.Result.ACCEPTED ? codesSent
                                        : codesRefusedGateway).increment(), f -> codesRefusedGateway.increment());
                    } else if (phone != null) {
                        (row.sentToId() >= config.codesPerIdPerDay() ? codesRefusedId : codesRefusedPhone).increment();
                    } else {
                        codesUnmatched.increment();
                    }
                    Log.infof("status code id=%s outcome=%s", idHash.substring(0, 16),
                            row.sent() ? "SENDING" : phone != null ? "LIMITED" : "NO_MATCH_OR_NO_PHONE");
                })).replaceWithVoid();
    }

    /** Keyed hash of a code, salted with the ID it was sent for. */
    private String codeHash(String idHash, String code) {
        return hash("code:" + idHash + ":" + code);
    }

    /** One more miss of the ID in its bookkeeping; another replica's miss in between: read again and retry. */
    private Uni<Void> recordMiss(String idHash, GuessGuard.State read, java.time.Instant at, int tries) {
        GuessGuard.Outcome outcome = guard.miss(read, at);
        return repository.saveGuard(idHash, read, outcome.state()).flatMap(saved -> {
            if (saved) {
                if (outcome.locked()) {
                    locks.increment();
                    Log.infof("status lookup id=%s locked until %s (lock %d)", idHash.substring(0, 16),
                            outcome.state().lockedUntil(), outcome.state().lockLevel());
                }
                return Uni.createFrom().voidItem();
            }
            if (tries <= 1) {
                return Uni.createFrom().failure(new IllegalStateException("lookup bookkeeping kept changing"));
            }
            return repository.guard(idHash).flatMap(again -> recordMiss(idHash, again, at, tries - 1));
        });
    }

    private ApiException tooMany(java.time.Instant until) {
        long seconds = Math.max(1, Duration.between(clock.now(), until).toSeconds() + 1);
        return new ApiException(ErrorCode.TOO_MANY_REQUESTS, "detail.lookupTooMany")
                .header("Retry-After", String.valueOf(seconds)).header("Cache-Control", "no-store");
    }

    static ApiException noMatch() {
        return new ApiException(ErrorCode.NOT_FOUND, "detail.lookupNoMatch").header("Cache-Control", "no-store");
    }

    /** The months a lookup shows: this one and the eleven before it. */
    private List<LocalDate> cycleMonths() {
        return monthsBack(MONTHS);
    }

    /** Arrears and carried-over amounts paid in the months shown may be for up to a year earlier. */
    private List<LocalDate> forMonths() {
        return monthsBack(MONTHS * 2);
    }

    private List<LocalDate> monthsBack(int count) {
        YearMonth now = clock.currentMonth();
        List<LocalDate> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(now.minusMonths(i).atDay(1));
        }
        return out;
    }

    /** Each person found, with their last months, newest first. */
    private List<Person> people(History found) {
        List<LocalDate> cycleMonths = cycleMonths();
        List<Person> out = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (Match m : found.matches()) {
            if (seen.add(m.beneficiaryId())) {
                List<LocalDate> held = found.held().stream().filter(h -> h.beneficiaryId().equals(m.beneficiaryId()))
                        .map(Held::month).toList();
                out.add(new Person(m.beneficiaryId(), m.fullName(), m.communeCode(), m.communeName(), m.via(),
                        months(m.beneficiaryId(), cycleMonths, found.payments(), held)));
            }
        }
        return out;
    }

    private static List<MonthStatus> months(UUID beneficiary, List<LocalDate> cycleMonths, List<Payment> payments,
            List<LocalDate> held) {
        List<MonthStatus> out = new ArrayList<>();
        for (LocalDate month : cycleMonths) {
            List<Payment> inMonth = payments.stream()
                    .filter(p -> p.beneficiaryId().equals(beneficiary) && p.cycleMonth().equals(month)).toList();
            if (!inMonth.isEmpty()) {
                out.add(new MonthStatus(YearMonth.from(month), overall(inMonth), inMonth));
            } else if (held.contains(month)) {
                out.add(new MonthStatus(YearMonth.from(month), "HELD", List.of()));
            }
        }
        return out;
    }

    /** A month is PAID when every payment is, else the first that needs attention says what the month is. */
    static String overall(List<Payment> payments) {
        for (String s : List.of("FAILED", "SCHEDULED", "CARRIED_OVER")) {
            if (payments.stream().anyMatch(p -> s.equals(p.state()))) {
                return s;
            }
        }
        return "PAID";
    }

    /** The staff view: the same history for one beneficiary the caller's areas cover. */
    public Uni<Person> staffView(Caller caller, UUID beneficiary) {
        return repository.matchById(beneficiary).flatMap(m -> {
            if (m == null) {
                return Uni.createFrom().failure(ApiException.notFound("beneficiary"));
            }
            return jurisdiction.require(caller, m.communeCode())
                    .flatMap(ok -> repository.history(List.of(m), cycleMonths(), forMonths()))
                    .map(found -> people(found).get(0));
        });
    }

    /** One lookup ID's lock as commune staff see it: whose ID, until when, how many locks so far. */
    public record LookupLock(String relation, java.time.Instant lockedUntil, int locksSoFar, int missesToday,
            int missesThisMonth) {
    }

    /** The locks of the IDs a beneficiary's status can be looked up with (theirs, their representatives'). */
    public Uni<List<LookupLock>> locks(Caller caller, UUID beneficiary) {
        return staffBeneficiary(caller, beneficiary).flatMap(m -> repository.lookupIds(beneficiary))
                .flatMap(ids -> Multi.createFrom().iterable(ids).onItem()
                        .transformToUniAndConcatenate(id -> repository.guard(hash(id[1])).map(g -> lockOf(id[0], g)))
                        .collect().asList());
    }

    private LookupLock lockOf(String relation, GuessGuard.State g) {
        java.time.Instant now = clock.now();
        LocalDate today = clock.today();
        return new LookupLock(relation, g.lockedAt(now) ? g.lockedUntil() : null, g.lockLevel(),
                today.equals(g.missDay()) ? g.missesDay() : 0,
                g.missMonth() != null && YearMonth.from(g.missMonth()).equals(YearMonth.from(today)) ? g.missesMonth() : 0);
    }

    /**
     * Commune staff lift the locks of a beneficiary's lookup IDs (the person came to the office): each locked
     * ID answers again at once; its earlier locks still count (GuessGuard#lifted). Audited, with the reason.
     */
    public Uni<List<LookupLock>> lift(Caller caller, UUID beneficiary, String reason) {
        return staffBeneficiary(caller, beneficiary).flatMap(m -> repository.lookupIds(beneficiary)
                .flatMap(ids -> repository.pool().withTransaction(c -> Multi.createFrom().iterable(ids).onItem()
                        .transformToUniAndConcatenate(id -> {
                            String h = hash(id[1]);
                            return repository.guard(h).flatMap(g -> {
                                if (!g.lockedAt(clock.now())) {
                                    return Uni.createFrom().item((AuditTrail.BatchEntry) null);
                                }
                                GuessGuard.State lifted = guard.lifted(g, clock.now());
                                return repository.lift(c, h, g, lifted, clock.offsetNow()).map(done -> {
                                    if (!done) {
                                        throw new ApiException(ErrorCode.CONFLICT, "detail.lookupLockChanged");
                                    }
                                    Map<String, Object> changes = new java.util.LinkedHashMap<>();
                                    changes.put("relation", id[0]);
                                    changes.put("lockedUntil", Map.of("before", g.lockedUntil().toString()));
                                    changes.put("reason", reason);
                                    return new AuditTrail.BatchEntry("LOOKUP_LOCK_LIFTED", "beneficiary", beneficiary.toString(),
                                            m.communeCode(), changes);
                                });
                            });
                        }).collect().asList()
                        .flatMap(entries -> audit.recordBatch(c, caller, entries.stream().filter(java.util.Objects::nonNull).toList()))))
                .flatMap(x -> locks(caller, beneficiary)));
    }

    private Uni<Match> staffBeneficiary(Caller caller, UUID beneficiary) {
        return repository.matchById(beneficiary).flatMap(m -> m == null
                ? Uni.createFrom().failure(ApiException.notFound("beneficiary"))
                : jurisdiction.require(caller, m.communeCode()).replaceWith(m));
    }

    /** Keyed hash of an identifier: what limits, locks and logs hold instead of the identifier. */
    public String hash(String value) {
        return HexFormat.of().formatHex(Digests.hmacSha256(config.idHashKey(), value.getBytes(StandardCharsets.UTF_8)));
    }

    @Scheduled(identity = "lookup-purge", every = "1h", delay = 5, delayUnit = java.util.concurrent.TimeUnit.MINUTES)
    Uni<Void> purge() {
        return repository.purge(clock.offsetNow()).invoke(n -> Log.debugf("lookup limits purged: %d rows", n)).replaceWithVoid();
    }

    /** "Nguyễn Văn An" → "Nguyễn V. A.": the family name, then initials. */
    public static String maskName(String fullName) {
        String[] parts = fullName.strip().split("\\s+");
        if (parts.length == 1) {
            return parts[0].substring(0, 1) + ".";
        }
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(' ').append(parts[i].codePoints().limit(1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)).append('.');
        }
        return out.toString();
    }

}

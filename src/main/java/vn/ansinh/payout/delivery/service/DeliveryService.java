package vn.ansinh.payout.delivery.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem;
import vn.ansinh.payout.delivery.evidence.DecodeBudget;
import vn.ansinh.payout.delivery.evidence.EvidenceStore;
import vn.ansinh.payout.delivery.evidence.PhotoInspector;
import vn.ansinh.payout.delivery.evidence.PhotoRejected;
import vn.ansinh.payout.delivery.repository.DeliveryRepository;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Confirmation;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Delivery;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Flag;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Locked;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Photo;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.Roles;

/**
 * Home deliveries: field officers see their assignments and confirm each visit with photo evidence;
 * officers assign them, read the evidence (audited) and review the flags; the cash each officer carries
 * is accounted for per cycle.
 *
 * <p>A confirmation is recorded exactly once. Its id comes from the phone: the same id again returns
 * the original result and writes nothing; a different confirmation of a delivery already closed is
 * 409 with the one that closed it. Concurrent requests for one delivery are serialised by a row lock on
 * it, so twenty replays give one confirmation, and two officers at the door give one 201 and one 409.
 * Photos are checked by content before anything is written, and stored (in the evidence store) so that a
 * confirmation row never names a photo that was not stored and a failed attempt leaves none behind.
 */
@ApplicationScoped
public class DeliveryService {

    /** A file part of the multipart request, already on disk. */
    public record Upload(Path file, String fileName, long size) {
    }

    /** A confirmation with its photos and (for those who may see them) flags. */
    public record Recorded(Confirmation confirmation, List<Photo> photos, List<Flag> flags, boolean created) {
    }

    /** A delivery with its visits, for the detail view. */
    public record Detail(Delivery delivery, List<Recorded> confirmations) {
    }

    /** Evidence bytes to serve. */
    public record Evidence(byte[] bytes, String mediaType, String sha256) {
    }

    private static final Set<String> CONFIRMABLE_CYCLES = Set.of("APPROVED", "DISBURSING");

    private final DeliveryRepository repository;
    private final EvidenceStore store;
    private final DeliveryConfig config;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final vn.ansinh.payout.security.ProviderOrganisations providers;
    private final PhotoInspector inspector;
    /** One per replica: every confirmation's photos are decoded within it. */
    private final DecodeBudget decodeBudget;
    private final Counter integrityFailures;

    public DeliveryService(DeliveryRepository repository, EvidenceStore store, DeliveryConfig config,
            Jurisdiction jurisdiction, AuditTrail audit, Clock clock, MeterRegistry meters,
            vn.ansinh.payout.security.ProviderOrganisations providers) {
        this.providers = providers;
        this.repository = repository;
        this.store = store;
        this.config = config;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        DeliveryConfig.Photos photos = config.photos();
        this.decodeBudget = new DecodeBudget(photos.decodeMemory().asLongValue(), photos.decodeWait());
        this.inspector = new PhotoInspector(new PhotoInspector.Limits(photos.maxSize().asLongValue(), photos.maxPixels(),
                photos.maxSide(), photos.maxSegments(), photos.maxMetadataSize().asLongValue()), decodeBudget);
        this.integrityFailures = meters.counter("ansinh_evidence_integrity_failures");
    }

    // ------------------------------------------------------------------ lists

    /**
     * A field officer's own assignments, or (officers, auditors, the provider) the deliveries of the
     * areas they cover, optionally of one officer.
     */
    public Uni<List<Delivery>> list(Caller caller, UUID cycle, String status, String assignee, String area, UUID after,
            int limit) {
        String who = seesOnlyOwn(caller) ? caller.subject() : assignee;
        return jurisdiction.visibleAreas(caller, area)
                .flatMap(areas -> repository.list(clock.today(), areas, who, cycle, status, after, limit));
    }

    /** One delivery with its visits. Field officers see only deliveries assigned to them, and no flags. */
    public Uni<Detail> get(Caller caller, UUID id) {
        return visible(caller, id).flatMap(d -> repository.confirmationsOf(id).flatMap(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(new Detail(d, List.of()));
            }
            List<UUID> ids = list.stream().map(Confirmation::id).toList();
            return repository.photosOf(repository.pool(), ids).flatMap(photos -> (seesFlags(caller)
                    ? repository.flagsOf(repository.pool(), ids) : Uni.createFrom().item(List.<Flag>of()))
                    .map(flags -> new Detail(d, list.stream().map(x -> new Recorded(x,
                            photos.stream().filter(p -> p.confirmationId().equals(x.id())).toList(),
                            flags.stream().filter(f -> f.confirmationId().equals(x.id())).toList(), false)).toList())));
        }));
    }

    /** A field officer (no other reading role) sees only the deliveries assigned to them. */
    private static boolean seesOnlyOwn(Caller caller) {
        return !seesFlags(caller) && !caller.hasRole(Roles.PAYMENT_PROVIDER);
    }

    /** Auditors and officers see the fraud signals; the field officers they are about do not. */
    public static boolean seesFlags(Caller caller) {
        return caller.hasRole(Roles.AUDITOR) || caller.hasRole(Roles.PROVINCE_OFFICER) || caller.hasRole(Roles.COMMUNE_OFFICER);
    }

    /** The delivery if the caller may see it: 404 otherwise (an officer learns nothing of others' deliveries). */
    private Uni<Delivery> visible(Caller caller, UUID id) {
        return repository.get(clock.today(), id).flatMap(d -> {
            if (d == null) {
                return Uni.createFrom().failure(ApiException.notFound("delivery"));
            }
            return jurisdiction.covers(caller, d.communeCode()).flatMap(covered -> {
                if (!covered || (seesOnlyOwn(caller) && !caller.subject().equals(d.assignedTo()))) {
                    return Uni.createFrom().failure(ApiException.notFound("delivery"));
                }
                return Uni.createFrom().item(d);
            });
        });
    }

    // ------------------------------------------------------------------ assignment

    /** Assigns the listed deliveries, or all open ones of a commune, to a field officer. */
    public Uni<List<UUID>> assign(Caller caller, UUID cycle, List<UUID> ids, String commune, String officer) {
        if ((ids == null || ids.isEmpty()) == (commune == null)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("deliveryIds", "ONE_OF", "field.assignmentTarget")), "detail.validation"));
        }
        Uni<Void> communeOk = commune == null ? Uni.createFrom().voidItem() : jurisdiction.require(caller, commune);
        return communeOk.flatMap(v -> jurisdiction.coveredAreas(caller)).flatMap(areas -> repository.pool()
                .withTransaction(c -> {
                    Uni<Void> check = ids == null || ids.isEmpty() ? Uni.createFrom().voidItem()
                            : repository.notAssignable(c, cycle, ids, areas).flatMap(bad -> bad.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE,
                                            "detail.deliveryNotAssignable", bad.size()).with("deliveryIds", bad)));
                    return check.flatMap(x -> repository.assign(c, cycle, ids == null || ids.isEmpty() ? null : ids,
                            commune, areas, officer, caller.subject())).flatMap(assigned -> audit.recordBatch(c, caller,
                                    assigned.stream().map(id -> new AuditTrail.BatchEntry("DELIVERY_ASSIGNED", "home_delivery",
                                            id.toString(), null, Map.of("assignedTo", officer))).toList())
                            .replaceWith(assigned));
                }));
    }

    // ------------------------------------------------------------------ confirmation

    /** The decoded JSON part with its raw bytes (their hash identifies the request). */
    public record Submitted(ConfirmationRequest request, byte[] json) {
    }

    private record Inspected(Upload upload, String kind, int position, PhotoInspector.Inspected facts, String key) {
    }

    /** Thrown inside the transaction when the confirmation turns out to be recorded already: rolls it back. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super(null, null, false, false);
        }
    }

    public Uni<Recorded> confirm(Caller caller, UUID deliveryId, Submitted submitted, List<Upload> photos, Upload signature) {
        ConfirmationRequest r = submitted.request();
        return Uni.createFrom().item(() -> {
            checkShape(r, photos, signature);
            return inspectAll(photos, signature);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(inspected -> {
                    String requestSha = requestHash(r, inspected);
                    return repository.confirmation(repository.pool(), r.confirmationId()).flatMap(existing -> {
                        if (existing != null) {
                            return replay(caller, deliveryId, existing, requestSha);
                        }
                        // the area is checked before the transaction: no second pooled connection while it holds one
                        return inArea(caller, deliveryId)
                                .flatMap(ok -> stageAll(inspected))
                                .flatMap(v -> record(caller, deliveryId, r, requestSha, inspected)
                                        // only a transaction known to have rolled back gives its objects up; after an
                                        // unclear end (a lost connection at commit) the sweep decides, by the rows
                                        .onFailure(DeliveryService::rolledBack).call(e -> discardAll(inspected)))
                                .flatMap(x -> repository.confirmation(repository.pool(), x.id()))
                                .flatMap(x -> recorded(x, true, false))
                                .onFailure(AlreadyRecorded.class).recoverWithUni(e -> repository
                                        .confirmation(repository.pool(), r.confirmationId())
                                        .flatMap(x -> replay(caller, deliveryId, x, requestSha)))
                                .onFailure(DeliveryService::confirmationIdTaken).recoverWithUni(e -> repository
                                        .confirmation(repository.pool(), r.confirmationId())
                                        .flatMap(x -> replay(caller, deliveryId, x, requestSha)))
                                .onFailure(DeliveryService::finalUniqueViolation).recoverWithUni(e -> alreadyClosed(deliveryId));
                    });
                });
    }

    /** Failures after which the transaction certainly did not commit. */
    private static boolean rolledBack(Throwable e) {
        return e instanceof ApiException || e instanceof AlreadyRecorded || e instanceof PgException;
    }

    /** The same confirmation id inserted concurrently for another delivery. */
    private static boolean confirmationIdTaken(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && String.valueOf(pg.getConstraint()).equals("delivery_confirmation_pkey");
    }

    /** 404 unless the delivery exists in the caller's areas. */
    private Uni<Void> inArea(Caller caller, UUID deliveryId) {
        return repository.communeOf(deliveryId).flatMap(commune -> commune == null
                ? Uni.createFrom().failure(ApiException.notFound("delivery"))
                : jurisdiction.covers(caller, commune).flatMap(covered -> covered ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ApiException.notFound("delivery"))));
    }

    private void checkShape(ConfirmationRequest r, List<Upload> photos, Upload signature) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (photos.size() > config.photos().maxCount()) {
            errors.add(new Problem.FieldError("photo", "TOO_MANY", "field.tooManyPhotos"));
        }
        if (r.outcome() == ConfirmationRequest.Outcome.DELIVERED) {
            if (photos.isEmpty()) {
                errors.add(new Problem.FieldError("photo", "REQUIRED", "field.handoverPhotoRequired"));
            }
            if (r.recipient() == ConfirmationRequest.Recipient.NONE) {
                errors.add(new Problem.FieldError("recipient", "RECIPIENT_REQUIRED", "field.recipientRequired"));
            }
            if (r.amountVnd() == 0) {
                errors.add(new Problem.FieldError("amountVnd", "POSITIVE", "field.amountHandedOver"));
            }
        } else if (r.amountVnd() != 0) {
            errors.add(new Problem.FieldError("amountVnd", "ZERO_UNLESS_DELIVERED", "field.amountNotHandedOver"));
        }
        if (r.recipient() == ConfirmationRequest.Recipient.REPRESENTATIVE && r.representativeNationalId() == null) {
            errors.add(new Problem.FieldError("representativeNationalId", "REQUIRED", "field.representativeId"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation");
        }
        long total = photos.stream().mapToLong(Upload::size).sum() + (signature == null ? 0 : signature.size());
        if (total > config.photos().maxRequestSize().asLongValue()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "detail.evidenceTooLarge",
                    config.photos().maxRequestSize().asLongValue() / (1024 * 1024));
        }
    }

    /** Checks every file by content (blocking: file reads and decoding), on a worker thread. */
    private List<Inspected> inspectAll(List<Upload> photos, Upload signature) {
        List<Inspected> out = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            out.add(inspect(photos.get(i), "PHOTO", i, "photo[" + i + "]"));
        }
        if (signature != null) {
            out.add(inspect(signature, "SIGNATURE", 0, "signature"));
        }
        return out;
    }

    private Inspected inspect(Upload upload, String kind, int position, String field) {
        try {
            PhotoInspector.Inspected facts = inspector.inspect(upload.file());
            return new Inspected(upload, kind, position, facts, EvidenceStore.newKey(clock.now()));
        } catch (PhotoRejected e) {
            if (e.reason() == PhotoRejected.Reason.BUSY) {
                // the replica's decode budget stayed full: not the photo's fault, the phone resends later
                throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "detail.photoDecodeBusy").header("Retry-After", "10");
            }
            ErrorCode code = switch (e.reason().status()) {
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                default -> ErrorCode.UNPROCESSABLE;
            };
            ApiException refused = new ApiException(code, List.of(new Problem.FieldError(field, e.reason().name(),
                    "field.photo." + e.reason().name())), "detail.photoRejected", field).with("limit", e.getMessage());
            throw e.setting() == null ? refused : refused.with("setting", e.setting());
        } catch (IOException e) {
            throw new IllegalStateException("could not read an uploaded file", e);
        }
    }

    /**
     * SHA-256 of the request as parsed (not its bytes: key order and spacing do not matter), without the
     * time the phone sent it (a resend from an offline queue carries a new one), and of the photos' hashes
     * in order: the same confirmation sent again gives the same hash.
     */
    private static String requestHash(ConfirmationRequest r, List<Inspected> inspected) {
        ConfirmationRequest.Position p = r.position();
        String canonical = String.join("|", String.valueOf(r.confirmationId()), r.outcome().name(), r.recipient().name(),
                String.valueOf(r.representativeNationalId()), String.valueOf(r.amountVnd()),
                r.capturedAt().toInstant().toString(),
                p == null ? "-" : p.latitude() + "," + p.longitude() + "," + p.accuracyM(), String.valueOf(r.note()));
        MessageDigest digest = Digests.sha256();
        digest.update(canonical.getBytes(StandardCharsets.UTF_8));
        for (Inspected i : inspected) {
            digest.update(("|" + i.kind() + ":" + i.facts().sha256Hex()).getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Uni<Void> stageAll(List<Inspected> inspected) {
        return Multi.createFrom().iterable(inspected)
                .onItem().transformToUniAndConcatenate(i -> store.stage(i.key(), i.upload().file(), i.facts().size(),
                        i.facts().mediaType()))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> discardAll(List<Inspected> inspected) {
        return Multi.createFrom().iterable(inspected)
                .onItem().transformToUniAndConcatenate(i -> store.discard(i.key()).onFailure().recoverWithItem(e -> {
                    Log.warnf(e, "evidence %s of a failed confirmation could not be removed; the orphan sweep will", i.key());
                    return null;
                }))
                .collect().last().replaceWithVoid();
    }

    /** The same confirmation id again: its original result if it is the same request, else 409. */
    private Uni<Recorded> replay(Caller caller, UUID deliveryId, Confirmation existing, String requestSha) {
        if (!existing.deliveryId().equals(deliveryId) || !existing.confirmedBy().equals(caller.subject())
                || !existing.requestSha256().equals(requestSha)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.confirmationIdReused"));
        }
        return recorded(existing, false, false);
    }

    private Uni<Recorded> recorded(Confirmation x, boolean created, boolean withFlags) {
        return repository.photosOf(repository.pool(), List.of(x.id())).flatMap(photos -> (withFlags
                ? repository.flagsOf(repository.pool(), List.of(x.id())) : Uni.createFrom().item(List.<Flag>of()))
                .map(flags -> new Recorded(x, photos, flags, created)));
    }

    private Uni<Recorded> alreadyClosed(UUID deliveryId) {
        return repository.finalConfirmation(repository.pool(), deliveryId).flatMap(existing -> Uni.createFrom()
                .failure(closedConflict(existing)));
    }

    private static ApiException closedConflict(Confirmation existing) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("confirmationId", existing.id());
        summary.put("outcome", existing.outcome());
        summary.put("confirmedBy", existing.confirmedBy());
        summary.put("capturedAt", existing.capturedAt());
        summary.put("receivedAt", existing.receivedAt());
        summary.put("amountVnd", existing.amountVnd());
        return new ApiException(ErrorCode.CONFLICT, "detail.deliveryAlreadyConfirmed").with("existing", summary);
    }

    private static boolean finalUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && String.valueOf(pg.getConstraint()).equals("delivery_confirmation_final");
    }

    private Uni<Confirmation> record(Caller caller, UUID deliveryId, ConfirmationRequest r, String requestSha,
            List<Inspected> inspected) {
        OffsetDateTime now = clock.now().atOffset(ZoneOffset.ofHours(7));
        return repository.pool().withTransaction(c -> repository.lock(c, deliveryId)
                .flatMap(locked -> locked ? repository.locked(c, deliveryId, caller.subject(), r.capturedAt())
                        : Uni.createFrom().failure(ApiException.notFound("delivery")))
                .flatMap(d -> repository.confirmation(c, r.confirmationId()).flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new AlreadyRecorded());
                    }
                    return admit(c, caller, d, r).flatMap(representative -> write(c, caller, d, r, representative,
                            requestSha, inspected, now));
                })));
    }

    /** Whether this officer may confirm this delivery now; the representative's id when one received. */
    private Uni<UUID> admit(SqlConnection c, Caller caller, Locked d, ConfirmationRequest r) {
        if (!d.currentAssignee() && !d.assignedAtCapture()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN, "detail.deliveryNotAssigned"));
        }
        if (!CONFIRMABLE_CYCLES.contains(d.cycleStatus())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.deliveryCycleState", d.cycleStatus()));
        }
        if (d.carriedOver()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.deliveryCarriedOver"));
        }
        if (d.settledAs() != null && "OPEN".equals(d.status())) {
            // the provider's results file settled this line before any confirmation came
            return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.deliverySettledByProvider",
                    d.settledAs()));
        }
        if (!"OPEN".equals(d.status())) {
            return repository.finalConfirmation(c, d.id()).flatMap(existing -> Uni.createFrom().failure(existing == null
                    ? new ApiException(ErrorCode.CONFLICT, "detail.deliveryClosed", d.status())
                    : closedConflict(existing)));
        }
        if (r.outcome() == ConfirmationRequest.Outcome.DELIVERED && r.amountVnd() != d.amountVnd()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.deliveryAmount",
                    d.amountVnd()).with("expectedAmountVnd", d.amountVnd()));
        }
        if (r.recipient() != ConfirmationRequest.Recipient.REPRESENTATIVE) {
            return Uni.createFrom().nullItem();
        }
        return repository.representative(c, d.beneficiaryId(), r.representativeNationalId(),
                r.capturedAt().atZoneSameInstant(Clock.ZONE).toLocalDate())
                .flatMap(id -> id != null ? Uni.createFrom().item(id)
                        : Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notARepresentative")));
    }

    private Uni<Confirmation> write(SqlConnection c, Caller caller, Locked d, ConfirmationRequest r, UUID representative,
            String requestSha, List<Inspected> inspected, OffsetDateTime now) {
        ConfirmationRequest.Position p = r.position();
        Confirmation x = new Confirmation(r.confirmationId(), d.id(), r.outcome().name(), r.outcome().closes(),
                r.recipient().name(), representative, r.amountVnd(), r.capturedAt(), r.deviceSentAt(),
                p == null ? null : p.latitude(), p == null ? null : p.longitude(), p == null ? null : p.accuracyM(),
                r.note(), caller.subject(), now, requestSha);
        return repository.insertConfirmation(c, x)
                .flatMap(v -> Multi.createFrom().iterable(inspected).onItem().transformToUniAndConcatenate(i -> {
                    PhotoInspector.Inspected f = i.facts();
                    Photo photo = new Photo(UUID.randomUUID(), x.id(), i.kind(), i.position(), f.mediaType(), f.size(),
                            f.width(), f.height(), f.sha256Hex(), store.name(), i.key(), f.exifCapturedAt(),
                            f.exifLatitude(), f.exifLongitude());
                    return repository.insertPhoto(c, photo)
                            .flatMap(y -> store.commit(c, i.key(), i.upload().file(), f.size(), f.mediaType()));
                }).collect().last())
                .flatMap(v -> repository.facts(c, x.id(), d.id(), caller.subject(), r.capturedAt(), d.beneficiaryId(),
                        d.communeCode(), d.month()))
                .flatMap(facts -> {
                    List<String> kinds = new ArrayList<>();
                    List<JsonObject> details = new ArrayList<>();
                    FraudSignals.evaluate(config.fraud(), r, now, inspected.stream().map(Inspected::facts).toList(), facts,
                            d.currentAssignee(), kinds, details);
                    return repository.insertFlags(c, x.id(), kinds, details).replaceWith(kinds);
                })
                .flatMap(kinds -> settle(c, d, x).replaceWith(kinds))
                .flatMap(kinds -> {
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("confirmationId", x.id());
                    changes.put("outcome", x.outcome());
                    changes.put("amountVnd", x.amountVnd());
                    changes.put("photos", inspected.size());
                    changes.put("flags", kinds);
                    return audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("DELIVERY_CONFIRMED",
                            "home_delivery", d.id().toString(), d.communeCode(), changes)));
                })
                .replaceWith(x);
    }

    /** A closing confirmation closes the delivery and is the payment result of its line's attempt. */
    private Uni<Void> settle(SqlConnection c, Locked d, Confirmation x) {
        if (!x.isFinal()) {
            return Uni.createFrom().voidItem();
        }
        String ref = "HD-" + x.id();
        return switch (x.outcome()) {
            case "DELIVERED" -> repository.close(c, d.id(), "DELIVERED")
                    .flatMap(v -> repository.result(c, d.lineId(), d.attempt(), "PAID", ref, x.capturedAt(), null, null));
            // a death found at the door is not a status change yet: the commune reviews it (status_review) and decides
            // through a status change, checked by a second officer
            case "DECEASED" -> repository.close(c, d.id(), "FAILED").flatMap(v -> repository.result(c, d.lineId(),
                    d.attempt(), "FAILED", null, null, "RECIPIENT_DECEASED", "home delivery " + ref))
                    .flatMap(v -> repository.openStatusReview(c, d, x.id(), x.confirmedBy(), clock.offsetNow()));
            default -> repository.close(c, d.id(), "FAILED").flatMap(v -> repository.result(c, d.lineId(), d.attempt(),
                    "FAILED", null, null, "OTHER", x.outcome().toLowerCase() + " at home delivery " + ref));
        };
    }

    // ------------------------------------------------------------------ evidence

    /**
     * A photo of a delivery, for auditors, officers of its area and the officer it is assigned to, with
     * its location metadata removed. The read is recorded in the audit trail before the bytes go out.
     */
    public Uni<Evidence> evidence(Caller caller, UUID deliveryId, UUID photoId) {
        return visible(caller, deliveryId).flatMap(d -> repository.photo(deliveryId, photoId).flatMap(p -> {
            if (p == null) {
                return Uni.createFrom().failure(ApiException.notFound("photo"));
            }
            return store.read(p.storageKey(), p.sizeBytes())
                    .onFailure(java.util.NoSuchElementException.class)
                    .transform(e -> new IllegalStateException("evidence " + p.storageKey() + " is missing from the store", e))
                    .invoke(bytes -> requireIntact(p, bytes))
                    .flatMap(bytes -> repository.pool().withTransaction(c -> audit.recordBatch(c, caller, List.of(
                            new AuditTrail.BatchEntry("EVIDENCE_READ", "delivery_photo", p.id().toString(), d.communeCode(),
                                    Map.of("deliveryId", deliveryId, "sha256", p.sha256())))))
                            .map(v -> new Evidence(PhotoInspector.drawable(bytes, p.mediaType()), p.mediaType(), p.sha256())));
        }));
    }

    /**
     * The stored bytes must be those that were accepted: a photo changed in the store (by a fault, an
     * operator or an attacker) is never served as evidence. The store hands over at most one byte more than
     * the recorded size, so an object that grew (to gigabytes, say) is caught by its size before anything
     * large is held, and reported like a changed hash. A mismatch is an alert (an ERROR log line with
     * the marker EVIDENCE_INTEGRITY_FAILURE and the counter ansinh_evidence_integrity_failures_total) and the
     * request fails with a 500.
     */
    private void requireIntact(Photo p, byte[] bytes) {
        if (bytes.length != p.sizeBytes()) {
            integrityFailures.increment();
            Log.errorf("EVIDENCE_INTEGRITY_FAILURE photo %s of confirmation %s in store %s under %s: stored %d bytes, "
                    + "read %s%d bytes; not served", p.id(), p.confirmationId(), p.store(), p.storageKey(), p.sizeBytes(),
                    bytes.length > p.sizeBytes() ? "more than " : "", bytes.length > p.sizeBytes() ? p.sizeBytes() : bytes.length);
            throw new IllegalStateException("evidence " + p.id() + " does not have its recorded size");
        }
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(p.sha256())) {
            integrityFailures.increment();
            Log.errorf("EVIDENCE_INTEGRITY_FAILURE photo %s of confirmation %s in store %s under %s: stored SHA-256 %s, "
                    + "read %s (%d bytes); not served", p.id(), p.confirmationId(), p.store(), p.storageKey(), p.sha256(),
                    actual, bytes.length);
            throw new IllegalStateException("evidence " + p.id() + " does not match its recorded SHA-256");
        }
    }

    // ------------------------------------------------------------------ review queue

    /** Status reviews opened by home deliveries (a beneficiary found deceased) in the areas the caller covers. */
    public Uni<List<DeliveryRepository.StatusReview>> statusReviews(Caller caller, String area, boolean all) {
        return jurisdiction.visibleAreas(caller, area).flatMap(areas -> repository.statusReviews(areas, all));
    }

    public Uni<List<DeliveryRepository.QueuedFlag>> queue(Caller caller, String area, boolean all, long after, int limit) {
        return jurisdiction.visibleAreas(caller, area).flatMap(areas -> repository.queue(areas, all, after, limit));
    }

    /**
     * A province or commune officer's decision on a flag: CLEARED (explained) or CONFIRMED (the
     * confirmation was wrong; what follows is the province's procedure). Once reviewed a flag stays as
     * decided (409). Audited.
     */
    public Uni<Void> review(Caller caller, long flag, String resolution, String note) {
        return repository.flagCommune(flag).flatMap(commune -> commune == null
                ? Uni.createFrom().failure(ApiException.notFound("flag"))
                : jurisdiction.require(caller, commune))
                .flatMap(v -> repository.pool().withTransaction(c -> repository.review(c, flag, resolution, note,
                        caller.subject()).flatMap(commune -> commune == null
                                ? Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.flagReviewed"))
                                : audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("DELIVERY_FLAG_REVIEWED",
                                        "delivery_flag", String.valueOf(flag), commune,
                                        Map.of("resolution", resolution)))))));
    }

    // ------------------------------------------------------------------ cash custody

    public Uni<List<DeliveryRepository.Custody>> custody(Caller caller, UUID cycle) {
        return cycleInScope(caller, cycle).flatMap(province -> repository.custody(cycle));
    }

    /** The cycle's province, after checking the caller covers it (404 for an unknown cycle). */
    private Uni<String> cycleInScope(Caller caller, UUID cycle) {
        return repository.cycleProvince(cycle).flatMap(province -> province == null
                ? Uni.createFrom().failure(ApiException.notFound("cycle"))
                : jurisdiction.require(caller, province).replaceWith(province));
    }

    /**
     * Records cash handed to an officer (ADVANCE) or brought back (RETURN). The same movement id again
     * changes nothing. A return may not exceed what the officer holds (advanced − delivered − returned).
     */
    public Uni<Boolean> cashMovement(Caller caller, UUID id, UUID cycle, String officer, String kind, long amount,
            String note) {
        return cycleInScope(caller, cycle)
                // home-delivery cash is the business of the organisation paying home deliveries there, no other provider's
                .invoke(province -> vn.ansinh.payout.security.ProviderOrganisations.requireServes(providers, caller, province,
                        "HOME_DELIVERY"))
                .flatMap(province -> repository.pool().withTransaction(c -> repository
                // shares the cycle's row lock with closing: no movement slips in while a cycle closes, none after
                .cycleStatusShared(c, cycle).flatMap(status -> "CLOSED".equals(status)
                        ? Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.cycleState", status))
                        : repository.movement(c, id))
                .flatMap(existing -> {
                    if (existing != null) {
                        // the same movement again changes nothing; another under the same id is refused
                        boolean same = existing.cycleId().equals(cycle) && existing.officer().equals(officer)
                                && existing.kind().equals(kind) && existing.amountVnd() == amount;
                        return same ? Uni.createFrom().item(false)
                                : Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.movementIdReused"));
                    }
                    return repository.held(c, cycle, officer).flatMap(held -> {
                        if ("RETURN".equals(kind) && amount > held) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE,
                                    "detail.returnExceedsHeld", held).with("heldVnd", held));
                        }
                        return repository.cashMovement(c, id, cycle, officer, kind, amount, caller.subject(), note)
                                .call(created -> created ? audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                                        "DELIVERY_CASH_" + kind, "payment_cycle", cycle.toString(), province,
                                        Map.of("officer", officer, "amountVnd", amount, "movementId", id))))
                                        : Uni.createFrom().voidItem());
                    });
                })));
    }

    // ------------------------------------------------------------------ reference points

    public Uni<Void> setReferencePoint(Caller caller, String commune, double latitude, double longitude) {
        return jurisdiction.require(caller, commune).flatMap(v -> repository.pool().withTransaction(c -> repository
                .setReferencePoint(c, commune, latitude, longitude, caller.subject())
                .flatMap(x -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("REFERENCE_POINT_SET",
                        "area", commune, commune, Map.of("latitude", latitude, "longitude", longitude)))))));
    }
}

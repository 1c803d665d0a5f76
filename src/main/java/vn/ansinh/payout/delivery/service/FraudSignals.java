package vn.ansinh.payout.delivery.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import vn.ansinh.payout.delivery.evidence.PhotoInspector;
import vn.ansinh.payout.delivery.repository.DeliveryRepository.Facts;

/**
 * The fraud signals of a confirmation: reasons for a person to look again, never a rejection. A field
 * officer with a weak GPS fix or a phone whose clock drifts still gets the confirmation recorded; the
 * auditors' queue shows why it deserves a look.
 */
final class FraudSignals {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private FraudSignals() {
    }

    static void evaluate(DeliveryConfig.Fraud limits, ConfirmationRequest r, OffsetDateTime receivedAt,
            List<PhotoInspector.Inspected> photos, Facts facts, boolean currentAssignee, List<String> kinds,
            List<JsonObject> details) {
        boolean delivered = r.outcome() == ConfirmationRequest.Outcome.DELIVERED;
        if (!currentAssignee) {
            // accepted (the officer held the delivery when they captured it), but worth a look: a reassignment
            // is sometimes made because of the officer
            add(kinds, details, "CONFIRMED_AFTER_REASSIGNMENT", detail("capturedAt", r.capturedAt().toString()));
        }
        if (!facts.duplicatePhotoDeliveries().isEmpty()) {
            add(kinds, details, "DUPLICATE_PHOTO", detail("otherDeliveries", facts.duplicatePhotoDeliveries()));
        }
        ConfirmationRequest.Position p = r.position();
        if (p == null) {
            if (delivered) {
                add(kinds, details, "NO_POSITION", new JsonObject());
            }
        } else {
            if (facts.referenceLatitude() != null) {
                double km = distanceKm(p.latitude(), p.longitude(), facts.referenceLatitude(), facts.referenceLongitude());
                if (km > limits.maxDistanceKm()) {
                    add(kinds, details, "FAR_FROM_COMMUNE", detail("distanceKm", Math.round(km * 10) / 10.0,
                            "maxKm", limits.maxDistanceKm()));
                }
            }
            if (p.accuracyM() > limits.maxAccuracyM()) {
                add(kinds, details, "POOR_GPS_ACCURACY", detail("accuracyM", p.accuracyM(),
                        "maxM", limits.maxAccuracyM()));
            }
        }
        Duration skew = clockSkew(r, receivedAt);
        if (skew.compareTo(limits.maxClockSkew()) > 0) {
            add(kinds, details, "DEVICE_CLOCK_SKEW", detail("skewSeconds", skew.toSeconds(),
                    "maxSeconds", limits.maxClockSkew().toSeconds()));
        }
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            OffsetDateTime exif = photos.get(i).exifCapturedAt();
            if (exif != null && gap(exif, r.capturedAt()).compareTo(limits.maxPhotoTimeGap()) > 0) {
                late.add(i);
            }
        }
        if (!late.isEmpty()) {
            add(kinds, details, "PHOTO_TIME_MISMATCH", detail("photos", late,
                    "maxMinutes", limits.maxPhotoTimeGap().toMinutes()));
        }
        if (facts.confirmationsWithinHour() > limits.maxPerHour()) {
            add(kinds, details, "IMPLAUSIBLE_RATE", detail("withinAnHour", facts.confirmationsWithinHour(),
                    "maxPerHour", limits.maxPerHour()));
        }
        if (delivered && "ENDED".equals(facts.statusInForce())) {
            add(kinds, details, "BENEFICIARY_ENDED", detail("status", facts.statusInForce()));
        }
    }

    /**
     * How far the phone's clock is from the server's: from the time it says it sent the request when it
     * gives one (an offline queue sends hours after capture, legitimately), else only a capture time in
     * the future counts.
     */
    static Duration clockSkew(ConfirmationRequest r, OffsetDateTime receivedAt) {
        if (r.deviceSentAt() != null) {
            return gap(r.deviceSentAt(), receivedAt);
        }
        return r.capturedAt().isAfter(receivedAt) ? Duration.between(receivedAt, r.capturedAt()) : Duration.ZERO;
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static void add(List<String> kinds, List<JsonObject> details, String kind, JsonObject detail) {
        kinds.add(kind);
        details.add(detail);
    }

    /** A flag's detail from name, value pairs (lists as arrays of text). */
    static JsonObject detail(Object... pairs) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            o.put((String) pairs[i], v instanceof List<?> l ? new JsonArray(new ArrayList<>(l.stream().map(String::valueOf).toList())) : v);
        }
        return o;
    }

    /** The time between two instants, however ordered. */
    static Duration gap(OffsetDateTime a, OffsetDateTime b) {
        return Duration.between(a, b).abs();
    }
}

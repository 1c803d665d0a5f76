package vn.ansinh.payout.registry.api;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.registry.StatusChange;

@Schema(name = "StatusChange")
public record StatusChangeView(UUID id, String fromStatus, String toStatus, String reason, String effectiveMonth,
        String note, String decidedBy, OffsetDateTime recordedAt) {

    public static StatusChangeView of(StatusChange s) {
        return new StatusChangeView(s.id, s.fromStatus, s.toStatus, s.reason, YearMonth.from(s.effectiveMonth).toString(),
                s.note, s.decidedBy, s.recordedAt);
    }
}

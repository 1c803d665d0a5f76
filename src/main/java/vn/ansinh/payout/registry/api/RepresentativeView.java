package vn.ansinh.payout.registry.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.registry.Representative;

@Schema(name = "Representative")
public record RepresentativeView(UUID id, @Schema(example = "GUARDIAN") String kind,
        @Schema(description = "Masked") String nationalId, String fullName, @Schema(description = "Masked") String phone,
        String relationship, LocalDate validFrom, LocalDate validTo, String authorizationRef, String confirmedBy,
        OffsetDateTime confirmedAt, @Schema(description = "Confirmed and valid today") boolean mayReceive) {

    public static RepresentativeView of(Representative r, LocalDate today) {
        return new RepresentativeView(r.id, r.kind, PiiMasker.maskIdentifier(r.nationalId), r.fullName,
                r.phoneE164 == null ? null : PiiMasker.maskIdentifier(r.phoneE164), r.relationship, r.validFrom,
                r.validTo, r.authorizationRef, r.confirmedBy, r.confirmedAt, r.mayReceiveOn(today));
    }
}

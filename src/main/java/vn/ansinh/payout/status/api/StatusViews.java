package vn.ansinh.payout.status.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.status.repository.StatusRepository.Payment;
import vn.ansinh.payout.status.service.StatusLookupService;

/** Bodies of the payment-status lookup. */
public final class StatusViews {

    private StatusViews() {
    }

    @Schema(name = "PaymentStatusRequest", description = "The beneficiary's national ID (or the representative's own) and the "
            + "beneficiary's date of birth. In the body, never in the URL.")
    public record LookupRequest(
            @NotNull @Pattern(regexp = "[0-9]{9}|[0-9]{12}") @Schema(example = "051046012345") String nationalId,
            @NotNull @Past @Schema(example = "1946-09-15") LocalDate dateOfBirth,
            @Pattern(regexp = "[0-9]{6}") @Schema(description = "The one-time code sent by SMS (POST /api/v1/public/payment-status/codes): "
                    + "with it the answer has the detail tier (amounts, channel, account's last digits, payment point)",
                    example = "482913") String code) {
    }

    @Schema(name = "PaymentStatusCodeRequest", description = "The same national ID and date of birth as a lookup")
    public record CodeRequest(
            @NotNull @Pattern(regexp = "[0-9]{9}|[0-9]{12}") @Schema(example = "051046012345") String nationalId,
            @NotNull @Past @Schema(example = "1946-09-15") LocalDate dateOfBirth) {
    }

    @Schema(name = "PaymentStatusCodeRequested", description = "The same answer whether or not a code was sent")
    public record CodeRequested(@Schema(description = "How long a code sent now is valid") long expiresInSeconds,
            String detail) {
    }

    /** The public answer: the basic tier with the ID and date of birth, the detail tier with a valid code as well. */
    @Schema(name = "PaymentStatusAnswer")
    public record PublicResponse(@Schema(enumeration = { "BASIC", "DETAIL" }) String tier, List<PublicPerson> beneficiaries) {

        public static PublicResponse of(List<StatusLookupService.Person> people, boolean detail, Locale locale) {
            return new PublicResponse(detail ? "DETAIL" : "BASIC",
                    people.stream().map(p -> PublicPerson.of(p, detail, locale)).toList());
        }
    }

    @Schema(name = "PaymentStatusAskAt", description = "Where to ask: the commune's office")
    public record AskAt(String communeCode, String communeName, String office) {
    }

    @Schema(name = "PaymentStatusPublicPerson")
    public record PublicPerson(@Schema(description = "Masked: \"Nguyễn V. A.\"") String name,
            @Schema(enumeration = { "SELF", "REPRESENTATIVE" }) String relation, AskAt askAt, List<PublicMonth> months) {

        static PublicPerson of(StatusLookupService.Person p, boolean detail, Locale locale) {
            String commune = p.communeName() == null ? p.communeCode() : p.communeName();
            return new PublicPerson(StatusLookupService.maskName(p.fullName()), p.via(),
                    new AskAt(p.communeCode(), p.communeName(), Messages.get(locale, "status.ask", commune)),
                    p.months().stream().map(m -> PublicMonth.of(m, detail, locale)).toList());
        }
    }

    @Schema(name = "PaymentStatusPublicMonth")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PublicMonth(@Schema(example = "2026-11") String month,
            @Schema(enumeration = { "PAID", "HELD", "COMING" }, description = "PAID: every payment of the month was made; "
                    + "HELD: payments suspended; COMING: not received yet (scheduled, failed or carried over: the amount is still due)")
            String status,
            @Schema(description = "What to do, in plain words") String note,
            @Schema(description = "Detail tier only: SCHEDULED, PAID, FAILED, CARRIED_OVER or HELD",
                    enumeration = { "SCHEDULED", "PAID", "FAILED", "CARRIED_OVER", "HELD" }) String detailStatus,
            @Schema(description = "Detail tier only") List<PublicItem> payments) {

        static PublicMonth of(StatusLookupService.MonthStatus m, boolean detail, Locale locale) {
            String basic = switch (m.status()) {
                case "PAID", "HELD" -> m.status();
                default -> "COMING";
            };
            String note = switch (basic) {
                case "HELD" -> Messages.get(locale, "status.held");
                case "COMING" -> detail ? null : Messages.get(locale, "status.coming");
                default -> null;
            };
            return new PublicMonth(m.month().toString(), basic, note, detail ? m.status() : null,
                    detail ? m.payments().stream().map(i -> PublicItem.of(i, locale)).toList() : null);
        }
    }

    /** One payment in the detail tier: never the home-delivery window, never a reference. */
    @Schema(name = "PaymentStatusPublicItem")
    public record PublicItem(@Schema(description = "REGULAR, ARREARS (truy lĩnh), ADJUSTMENT, FUNERAL, CARRY_OVER") String kind,
            @Schema(example = "2026-11") String forMonth, long amountVnd,
            @Schema(enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY" }) String channel,
            @Schema(enumeration = { "SCHEDULED", "PAID", "FAILED", "CARRIED_OVER" }) String status, OffsetDateTime paidAt,
            @Schema(description = "Why, in plain words (failed, carried over)") String reason,
            @Schema(description = "What to do next") String whatToDo,
            @Schema(description = "Cash at a point: where and which days") Point paymentPoint,
            @Schema(description = "Last 4 digits of the account or wallet", example = "••••6789") String account) {

        static PublicItem of(Payment p, Locale locale) {
            Item i = Item.of(p, locale, false);
            return new PublicItem(i.kind(), i.forMonth(), i.amountVnd(), i.channel(), i.status(), i.paidAt(), i.reason(),
                    i.whatToDo(), i.paymentPoint(), i.account());
        }
    }

    @Schema(name = "PaymentStatusPoint", description = "Where and when cash is paid")
    public record Point(String name, String address, Integer firstDay, Integer lastDay, String openingHours) {
    }

    @Schema(name = "PaymentStatusItem")
    public record Item(@Schema(description = "REGULAR, ARREARS (truy lĩnh), ADJUSTMENT, FUNERAL, CARRY_OVER, LEVEL_DIFFERENCE (truy lĩnh chênh lệch mức chuẩn)") String kind,
            @Schema(example = "2026-11") String forMonth, long amountVnd,
            @Schema(enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY" }) String channel,
            @Schema(enumeration = { "SCHEDULED", "PAID", "FAILED", "CARRIED_OVER" }) String status, OffsetDateTime paidAt,
            @Schema(description = "Why, in plain words (failed, carried over)") String reason,
            @Schema(description = "What to do next") String whatToDo,
            @Schema(description = "Cash at a point: where and which days") Point paymentPoint,
            @Schema(description = "Home delivery: the expected days") String homeDeliveryWindow,
            @Schema(description = "Last 4 digits of the account or wallet", example = "••••6789") String account,
            @Schema(description = "Staff view only") String reference,
            @Schema(description = "Staff view only") String providerReference,
            @Schema(description = "Staff view only") String failureCode,
            @Schema(description = "Staff view only") Integer attempt,
            @Schema(description = "Staff view only: the home delivery") UUID homeDeliveryId,
            @Schema(description = "Staff view only: the home delivery with its confirmations and evidence photos")
            String homeDeliveryHref) {

        static Item of(Payment p, Locale locale, boolean staff) {
            String reason = null;
            String todo = null;
            switch (p.state()) {
                case "FAILED" -> {
                    String code = p.failureCode() == null ? "OTHER" : p.failureCode();
                    reason = Messages.get(locale, "status.reason." + code);
                    todo = Messages.get(locale, "status.todo." + code);
                }
                case "CARRIED_OVER" -> {
                    reason = Messages.get(locale, "status.reason.CARRIED_OVER");
                    todo = Messages.get(locale, "status.todo.CARRIED_OVER");
                }
                case "SCHEDULED" -> todo = Messages.get(locale, "status.todo.SCHEDULED_" + p.channel());
                default -> {
                }
            }
            Point point = "CASH_AT_POINT".equals(p.channel()) && p.pointName() != null
                    ? new Point(p.pointName(), p.pointAddress(), p.firstDay(), p.lastDay(), p.openingHours()) : null;
            String window = "HOME_DELIVERY".equals(p.channel())
                    ? p.firstDay() != null ? Messages.get(locale, "status.window", p.firstDay(), p.lastDay())
                            : Messages.get(locale, "status.windowMonth")
                    : null;
            String account = p.account() == null ? null : "••••" + p.account().substring(Math.max(0, p.account().length() - 4));
            return new Item(p.kind(), p.forMonth().toString().substring(0, 7), p.amountVnd(), p.channel(), p.state(), p.paidAt(),
                    reason, todo, point, window, account, staff ? p.reference() : null, staff ? p.providerRef() : null,
                    staff ? p.failureCode() : null, staff ? p.attempt() : null, staff ? p.homeDeliveryId() : null,
                    staff && p.homeDeliveryId() != null ? "/api/v1/deliveries/" + p.homeDeliveryId() : null);
        }
    }

    @Schema(name = "PaymentStatusMonth")
    public record Month(@Schema(example = "2026-11") String month,
            @Schema(enumeration = { "SCHEDULED", "PAID", "FAILED", "CARRIED_OVER", "HELD" }) String status,
            @Schema(description = "For HELD: why and what to do") String note, List<Item> payments) {
    }

    @Schema(name = "PaymentStatusPerson")
    public record Person(@Schema(description = "Masked for the public: \"Nguyễn V. A.\"") String name, String communeCode,
            @Schema(enumeration = { "SELF", "REPRESENTATIVE", "STAFF" }) String relation,
            @Schema(description = "Staff view only") UUID beneficiaryId, List<Month> months) {

        public static Person of(StatusLookupService.Person p, Locale locale, boolean staff) {
            List<Month> months = p.months().stream().map(m -> new Month(m.month().toString(), m.status(),
                    "HELD".equals(m.status()) ? Messages.get(locale, "status.held") : null,
                    m.payments().stream().map(i -> Item.of(i, locale, staff)).toList())).toList();
            return new Person(staff ? p.fullName() : StatusLookupService.maskName(p.fullName()), p.communeCode(), p.via(),
                    staff ? p.beneficiaryId() : null, months);
        }
    }

    @Schema(name = "PaymentStatusResponse")
    public record Response(List<Person> beneficiaries) {
    }
}

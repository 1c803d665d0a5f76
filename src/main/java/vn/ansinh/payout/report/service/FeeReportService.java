package vn.ansinh.payout.report.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.CsvWriter;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.cycle.service.Providers;
import vn.ansinh.payout.report.repository.FeeReportRepository;
import vn.ansinh.payout.report.repository.FeeReportRepository.CommuneFees;
import vn.ansinh.payout.report.repository.FeeReportRepository.LineFee;
import vn.ansinh.payout.security.Caller;

/**
 * The providers' service fees (phí dịch vụ chi trả), paid from the budget: the month's fees per commune and channel,
 * and the fee of each paid line of a cycle (the provider's part of its report). Computed live from the approved fee
 * schedules. Self-contained (its own model and CSV) so it does not depend on how the filed reports are laid out.
 */
@ApplicationScoped
public class FeeReportService {

    private static final List<String> ALL_CHANNELS = List.of("BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY");

    /** The month's fees of an area. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "FeeReport")
    public record MonthlyFees(String areaCode, String month, OffsetDateTime producedAt, String producedBy, List<CommuneFees> rows,
            long paidLines, long paidVnd, long feeVnd, long unpricedLines) {
    }

    /** The fees of a cycle's paid lines the caller may see. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "FeeLines")
    public record CycleFees(UUID cycleId, OffsetDateTime producedAt, String producedBy, List<LineFee> lines, long feeVnd,
            long unpricedLines) {
    }

    private final FeeReportRepository repository;
    private final Jurisdiction jurisdiction;
    private final AreaDirectory areas;
    private final Providers providers;
    private final Clock clock;

    public FeeReportService(FeeReportRepository repository, Jurisdiction jurisdiction, AreaDirectory areas, Providers providers,
            Clock clock) {
        this.repository = repository;
        this.jurisdiction = jurisdiction;
        this.areas = areas;
        this.providers = providers;
        this.clock = clock;
    }

    /** An area outside the caller's scope is refused (403), never narrowed, as for every report. */
    public Uni<MonthlyFees> monthly(Caller caller, YearMonth month, String area) {
        return jurisdiction.require(caller, area).flatMap(ok -> areas.expand(Set.of(area)))
                .flatMap(codes -> repository.byCommune(month.atDay(1), codes))
                .map(rows -> new MonthlyFees(area, month.toString(), producedAt(), caller.subject(), rows,
                        rows.stream().mapToLong(CommuneFees::paidLines).sum(), rows.stream().mapToLong(CommuneFees::paidVnd).sum(),
                        rows.stream().mapToLong(CommuneFees::feeVnd).sum(), rows.stream().mapToLong(CommuneFees::unpricedLines).sum()));
    }

    /** A provider sees the lines of the channels it pays; officers and auditors of the province see them all. */
    public Uni<CycleFees> cycle(Caller caller, UUID cycle) {
        return repository.cycleProvince(cycle).flatMap(province -> province == null
                ? Uni.createFrom().failure(ApiException.notFound("cycle"))
                : jurisdiction.require(caller, province).flatMap(ok -> areas.expand(Set.of(province)))
                        .flatMap(codes -> repository.lines(cycle, codes, Providers.actsAsProvider(caller)
                                ? providers.reportableChannels(caller, province) : ALL_CHANNELS)))
                .map(lines -> new CycleFees(cycle, producedAt(), caller.subject(), lines,
                        lines.stream().mapToLong(l -> l.feeVnd() == null ? 0 : l.feeVnd()).sum(),
                        lines.stream().filter(l -> l.feeVnd() == null).count()));
    }

    private OffsetDateTime producedAt() {
        return clock.now().atOffset(ZoneOffset.ofHours(7));
    }

    /** CSV (UTF-8 with BOM, through the one CSV writer: names guarded, codes and numbers exact). */
    public static byte[] csv(MonthlyFees r) {
        return write(w -> {
            w.row("Báo cáo phí dịch vụ chi trả", CsvWriter.exact(r.areaCode()), CsvWriter.exact(r.month()));
            w.row("Mã xã", "Tên xã", "Hình thức", "Đơn vị chi trả", "Số dòng đã chi", "Số tiền đã chi (đồng)", "Phí (đồng)",
                    "Số dòng chưa có biểu phí");
            for (CommuneFees c : r.rows()) {
                w.row(CsvWriter.exact(c.communeCode()), c.communeName(), CsvWriter.exact(c.channel()), c.providerCode(),
                        c.paidLines(), c.paidVnd(), c.feeVnd(), c.unpricedLines());
            }
            w.row("Tổng cộng", null, null, null, r.paidLines(), r.paidVnd(), r.feeVnd(), r.unpricedLines());
        });
    }

    public static byte[] csv(CycleFees r) {
        return write(w -> {
            w.row("Mã dòng chi trả", "Mã xã", "Hình thức", "Số tiền (đồng)", "Đơn vị chi trả", "Phí (đồng)");
            for (LineFee l : r.lines()) {
                w.row(CsvWriter.exact(l.reference()), CsvWriter.exact(l.communeCode()), CsvWriter.exact(l.channel()), l.amountVnd(),
                        l.providerCode(), l.feeVnd());
            }
            w.row("Tổng cộng", null, null, null, null, r.feeVnd());
        });
    }

    private interface Body {
        void write(CsvWriter w) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter w = CsvWriter.forSpreadsheets(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            body.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

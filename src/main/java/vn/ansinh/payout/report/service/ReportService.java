package vn.ansinh.payout.report.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.report.repository.ReportRepository;
import vn.ansinh.payout.report.repository.ReportRepository.CycleInfo;
import vn.ansinh.payout.report.repository.ReportRepository.Progress;
import vn.ansinh.payout.report.repository.ReportRepository.Snapshot;
import vn.ansinh.payout.report.service.Report.Column;
import vn.ansinh.payout.report.service.Report.Rows;
import vn.ansinh.payout.report.service.Report.Section;
import vn.ansinh.payout.report.service.Report.Type;
import vn.ansinh.payout.security.Caller;

/**
 * The monthly reports: account-collection progress, payout results of a cycle, the provider's report,
 * the year summary; and the progress report filed as an unchangeable snapshot. A report for an area the
 * caller does not cover is refused (403), never narrowed to what they may see.
 */
@ApplicationScoped
public class ReportService {

    static final int PAGE = 5_000;

    private final ReportRepository repository;
    private final Jurisdiction jurisdiction;
    private final AreaDirectory areas;
    private final Clock clock;
    private final ObjectMapper json;

    public ReportService(ReportRepository repository, Jurisdiction jurisdiction, AreaDirectory areas, Clock clock,
            ObjectMapper json) {
        this.repository = repository;
        this.jurisdiction = jurisdiction;
        this.areas = areas;
        this.clock = clock;
        this.json = json;
    }

    /** The area after checking the caller covers it, with the codes under it and its name. */
    private record Scope(String code, String name, Set<String> codes) {
    }

    private Uni<Scope> scope(Caller caller, String area) {
        Uni<Void> check = caller.isSystem() ? Uni.createFrom().voidItem() : jurisdiction.require(caller, area);
        return check.flatMap(v -> repository.areaName(area)).flatMap(name -> name == null
                ? Uni.createFrom().failure(ApiException.notFound("area"))
                : areas.expand(Set.of(area)).map(codes -> new Scope(area, name, codes)));
    }

    // ------------------------------------------------------------------ progress

    /** The figures of a month: people and methods, registrations, and lines by channel as paid. */
    private record Month(Progress progress, List<ReportRepository.ChannelFigures> channels) {
    }

    private Uni<Month> month(YearMonth month, Scope s) {
        return repository.progress(month.atDay(1), s.codes()).flatMap(p -> repository.channels(month.atDay(1), s.codes())
                .map(ch -> new Month(p, ch)));
    }

    /** This month's figures and the previous month's. */
    public Uni<Report> progress(Caller caller, YearMonth month, String area) {
        return scope(caller, area).flatMap(s -> Uni.combine().all().unis(month(month, s), month(month.minusMonths(1), s))
                .asTuple().map(t -> progressReport(caller, month, s, t.getItem1(), t.getItem2())));
    }

    private static final List<String> CHANNELS = List.of("BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY");

    private Report progressReport(Caller caller, YearMonth month, Scope s, Month m, Month b) {
        Progress now = m.progress();
        Progress before = b.progress();
        List<List<Object>> counts = new ArrayList<>();
        count(counts, "inPayment", "Đối tượng đang hưởng trong tháng", now.inPayment(), before.inPayment());
        count(counts, "method.BANK_ACCOUNT", "— đã đăng ký tài khoản ngân hàng", now.bank(), before.bank());
        count(counts, "method.E_WALLET", "— đã đăng ký tài khoản số / ví điện tử", now.wallet(), before.wallet());
        count(counts, "method.CASH_AT_POINT", "— nhận tiền mặt tại điểm chi trả", now.cashAtPoint(), before.cashAtPoint());
        count(counts, "method.HOME_DELIVERY", "— nhận tại nhà", now.home(), before.home());
        count(counts, "method.NONE", "— chưa đăng ký phương thức", now.noMethod(), before.noMethod());
        count(counts, "registrations.submitted", "Hồ sơ đăng ký tiếp nhận trong tháng (theo ngày tiếp nhận)", now.submitted(),
                before.submitted());
        count(counts, "registrations.verified", "Hồ sơ đã xác minh (theo ngày quyết định)", now.verified(), before.verified());
        count(counts, "registrations.needsDocuments", "Hồ sơ cần bổ sung giấy tờ (theo ngày quyết định)", now.needsDocuments(),
                before.needsDocuments());
        count(counts, "registrations.rejected", "Hồ sơ bị từ chối (theo ngày quyết định)", now.rejected(), before.rejected());
        count(counts, "checks.identityPassed", "Đối chiếu CSDL quốc gia về dân cư: khớp (hồ sơ có quyết định trong tháng)",
                now.identityPassed(), before.identityPassed());
        count(counts, "checks.accountPassed", "Kiểm tra tài khoản: đúng chủ tài khoản (hồ sơ có quyết định trong tháng)",
                now.accountPassed(), before.accountPassed());

        // the month's lines by the channel they went through (after re-routes), due and paid, beside the previous month
        List<List<Object>> amounts = new ArrayList<>();
        long[] all = new long[4];
        long[] allBefore = new long[4];
        long[] cashless = new long[2];
        long[] cashlessBefore = new long[2];
        for (String channel : CHANNELS) {
            long[] x = figures(m.channels(), channel);
            long[] y = figures(b.channels(), channel);
            amounts.add(Arrays.asList(channel, x[0], x[1], x[2], x[3], y[3], x[3] - y[3]));
            for (int i = 0; i < 4; i++) {
                all[i] += x[i];
                allBefore[i] += y[i];
            }
            if (channel.equals("BANK_ACCOUNT") || channel.equals("E_WALLET")) {
                cashless[0] += x[2];
                cashless[1] += x[3];
                cashlessBefore[0] += y[2];
                cashlessBefore[1] += y[3];
            }
        }
        amounts.add(Arrays.asList("ALL", all[0], all[1], all[2], all[3], allBefore[3], all[3] - allBefore[3]));

        List<List<Object>> shares = new ArrayList<>();
        shares.add(shareRow("cashlessShare", "Tỷ lệ đăng ký nhận không dùng tiền mặt (ngân hàng + ví), trên số đang hưởng",
                share(now.bank() + now.wallet(), now.inPayment()), share(before.bank() + before.wallet(), before.inPayment())));
        shares.add(shareRow("cashlessShareAsPaid", "Tỷ lệ đã chi trả không dùng tiền mặt, trên số dòng đã chi trả "
                + "(dòng chuyển sang tiền mặt tính là tiền mặt)", share(cashless[0], all[2]), share(cashlessBefore[0], allBefore[2])));
        shares.add(shareRow("cashlessAmountShareAsPaid", "Tỷ lệ số tiền đã chi trả không dùng tiền mặt, trên số tiền đã chi trả",
                share(cashless[1], all[3]), share(cashlessBefore[1], allBefore[3])));
        return new Report("PROGRESS", "Báo cáo tiến độ thu thập tài khoản và chi trả không dùng tiền mặt", s.code(), s.name(),
                month.toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(), List.of(
                        new Section("counts", "Số lượng", List.of(new Column("indicator", "Chỉ tiêu", Type.KEY),
                                new Column("label", "Nội dung", Type.TEXT), new Column("thisMonth", "Tháng này", Type.COUNT),
                                new Column("previousMonth", "Tháng trước", Type.COUNT),
                                new Column("change", "Tăng/giảm", Type.COUNT)), Rows.of(counts)),
                        new Section("amounts", "Số tiền theo hình thức chi trả thực tế", List.of(
                                new Column("channel", "Hình thức", Type.CODE), new Column("lines", "Số dòng phải chi", Type.COUNT),
                                new Column("amountVnd", "Số tiền phải chi (đồng)", Type.VND),
                                new Column("paidLines", "Số dòng đã chi", Type.COUNT),
                                new Column("paidVnd", "Số tiền đã chi (đồng)", Type.VND),
                                new Column("previousMonthPaidVnd", "Đã chi tháng trước (đồng)", Type.VND),
                                new Column("change", "Tăng/giảm (đồng)", Type.VND)), Rows.of(amounts)),
                        new Section("shares", "Tỷ lệ", List.of(new Column("indicator", "Chỉ tiêu", Type.KEY),
                                new Column("label", "Nội dung", Type.TEXT), new Column("thisMonth", "Tháng này", Type.PERCENT),
                                new Column("previousMonth", "Tháng trước", Type.PERCENT),
                                new Column("change", "Tăng/giảm", Type.POINTS)), Rows.of(shares))));
    }

    private static List<Object> shareRow(String key, String label, BigDecimal now, BigDecimal before) {
        return Arrays.asList(key, label, now, before, now == null || before == null ? null : now.subtract(before));
    }

    /** {lines, amount, paid lines, paid amount} of a channel. */
    private static long[] figures(List<ReportRepository.ChannelFigures> channels, String channel) {
        return channels.stream().filter(c -> c.channel().equals(channel)).findFirst()
                .map(c -> new long[] { c.lines(), c.amountVnd(), c.paidLines(), c.paidVnd() }).orElse(new long[4]);
    }

    private static void count(List<List<Object>> rows, String key, String label, long now, long before) {
        rows.add(Arrays.asList(key, label, now, before, now - before));
    }

    /**
     * part / whole as a fraction, or null when there is no whole. Kept to 10 decimals: each writer rounds
     * once from it (JSON to 4 decimals, CSV and XLSX to a tenth of a percent), never a rounded value again.
     */
    static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 10, RoundingMode.HALF_UP);
    }

    // ------------------------------------------------------------------ payout results

    private Uni<CycleInfo> cycle(UUID id) {
        return repository.cycle(id).flatMap(c -> c == null ? Uni.createFrom().failure(ApiException.notFound("cycle"))
                : Uni.createFrom().item(c));
    }

    public Uni<Report> payoutResults(Caller caller, UUID cycleId, String area) {
        return cycle(cycleId).flatMap(c -> (area != null ? Uni.createFrom().item(area) : ownScope(caller, c.provinceCode()))
                .flatMap(a -> {
            return areas.pathOf(a).flatMap(path -> path != null && !path.contains("/" + c.provinceCode() + "/")
                    ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.reportAreaOutsideCycle",
                            a, c.provinceCode()))
                    : scope(caller, a)).flatMap(s -> repository.outcomes(cycleId, s.codes())
                    .flatMap(outcomes -> repository.controlTotals(cycleId, s.codes())
                            .flatMap(control -> repository.homeDeliveries(cycleId, s.codes())
                                    .flatMap(home -> (a.equals(c.provinceCode()) ? repository.cashReturned(cycleId)
                                            : Uni.createFrom().<Long>nullItem())
                                            .map(returned -> payoutReport(caller, c, s, outcomes, control, home, returned))))));
        }));
    }

    /**
     * The area a payout-results report covers when none is asked for: the cycle's province for whoever
     * covers it (and the jobs), else the one area of the caller's inside that province (a commune officer
     * gets their commune). A caller with several areas there names one (422); one with none gets the
     * province, which the scope check then refuses (403).
     */
    private Uni<String> ownScope(Caller caller, String province) {
        if (caller.isSystem()) {
            return Uni.createFrom().item(province);
        }
        return jurisdiction.covers(caller, province).flatMap(covered -> covered ? Uni.createFrom().item(province)
                : Multi.createFrom().iterable(caller.areas())
                        .onItem().transformToUniAndConcatenate(code -> areas.pathOf(code)
                                .map(path -> path != null && path.contains("/" + province + "/") ? code : ""))
                        .filter(code -> !code.isEmpty()).collect().asList()
                        .flatMap(inside -> inside.size() > 1
                                ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE,
                                        "detail.reportAreaAmbiguous", String.join(", ", inside)))
                                : Uni.createFrom().item(inside.isEmpty() ? province : inside.get(0))));
    }

    private Report payoutReport(Caller caller, CycleInfo c, Scope s, List<ReportRepository.Outcome> outcomes, long[] control,
            ReportRepository.HomeDeliveries home, Long cashReturned) {
        List<List<Object>> byStatus = new ArrayList<>();
        long lines = 0;
        long amount = 0;
        long[] paid = new long[2];
        long[] failed = new long[2];
        long[] carried = new long[2];
        long[] open = new long[2];
        for (ReportRepository.Outcome o : outcomes) {
            byStatus.add(Arrays.asList(o.channel(), o.state(), o.failureCode(), o.lines(), o.amountVnd()));
            lines += o.lines();
            amount += o.amountVnd();
            long[] into = switch (o.state()) {
                case "PAID" -> paid;
                case "FAILED" -> failed;
                case "CARRIED_OVER" -> carried;
                default -> open;
            };
            into[0] += o.lines();
            into[1] += o.amountVnd();
        }
        List<List<Object>> homeRows = new ArrayList<>();
        homeRows.add(Arrays.asList("confirmed", "Đã chi trả tại nhà (có xác nhận)", home.confirmed(), home.confirmedVnd()));
        homeRows.add(Arrays.asList("outstanding", "Chưa chi trả", home.outstanding(), home.outstandingVnd()));
        homeRows.add(Arrays.asList("failed", "Không chi trả được", home.failed(), null));
        homeRows.add(Arrays.asList("cancelled", "Chuyển kỳ sau", home.cancelled(), null));
        homeRows.add(Arrays.asList("flagged", "Có dấu hiệu cần kiểm tra", home.flagged(), null));
        if (cashReturned != null) {
            homeRows.add(Arrays.asList("cashReturned", "Tiền mặt cán bộ đã nộp lại", null, cashReturned));
        }
        List<List<Object>> reconciliation = new ArrayList<>();
        reconciliation.add(Arrays.asList("controlTotals", "Tổng kiểm soát của kỳ (theo xã)", control[0], control[1]));
        reconciliation.add(Arrays.asList("lines", "Tổng các dòng chi trả", lines, amount));
        reconciliation.add(Arrays.asList("paid", "— đã chi trả", paid[0], paid[1]));
        reconciliation.add(Arrays.asList("failed", "— không thành công", failed[0], failed[1]));
        reconciliation.add(Arrays.asList("carriedOver", "— chuyển kỳ sau", carried[0], carried[1]));
        reconciliation.add(Arrays.asList("open", "— chưa có kết quả", open[0], open[1]));
        reconciliation.add(Arrays.asList("difference", "Chênh lệch (kiểm soát − các dòng)", control[0] - lines, control[1] - amount));
        List<Column> itemColumns = List.of(new Column("item", "Chỉ tiêu", Type.KEY), new Column("label", "Nội dung", Type.TEXT),
                new Column("lines", "Số dòng", Type.COUNT), new Column("amountVnd", "Số tiền (đồng)", Type.VND));
        return new Report("PAYOUT_RESULTS", "Báo cáo kết quả chi trả kỳ " + c.code(), s.code(), s.name(),
                YearMonth.from(c.month()).toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(), List.of(
                        new Section("outcomes", "Kết quả theo hình thức và trạng thái", List.of(
                                new Column("channel", "Hình thức", Type.CODE), new Column("status", "Trạng thái", Type.CODE),
                                new Column("reason", "Lý do", Type.CODE), new Column("lines", "Số dòng", Type.COUNT),
                                new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(byStatus)),
                        new Section("homeDeliveries", "Chi trả tại nhà", List.of(new Column("item", "Chỉ tiêu", Type.KEY),
                                new Column("label", "Nội dung", Type.TEXT), new Column("count", "Số lượt", Type.COUNT),
                                new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(homeRows)),
                        new Section("reconciliation", "Đối chiếu tổng kiểm soát", itemColumns, Rows.of(reconciliation))));
    }

    // ------------------------------------------------------------------ provider report

    public Uni<Report> providerReport(Caller caller, UUID cycleId) {
        return cycle(cycleId).flatMap(c -> scope(caller, c.provinceCode()).flatMap(s -> repository.outcomes(cycleId, s.codes())
                .map(outcomes -> {
                    long paid = outcomes.stream().filter(o -> "PAID".equals(o.state())).mapToLong(o -> o.amountVnd()).sum();
                    long total = outcomes.stream().mapToLong(o -> o.amountVnd()).sum();
                    List<List<Object>> balance = List.of(
                            Arrays.asList("disbursed", "Tổng kinh phí của kỳ", total),
                            Arrays.asList("paid", "Đã chi trả", paid),
                            Arrays.asList("unspent", "Kinh phí chưa chi (chuyển kỳ sau, không thành công, chưa có kết quả)",
                                    total - paid));
                    List<Column> common = List.of(new Column("reference", "Mã dòng chi trả", Type.TEXT),
                            new Column("fullName", "Họ và tên", Type.TEXT), new Column("communeCode", "Mã xã", Type.TEXT),
                            new Column("channel", "Hình thức", Type.CODE), new Column("amountVnd", "Số tiền (đồng)", Type.VND));
                    List<Column> paidColumns = new ArrayList<>(common);
                    paidColumns.add(new Column("paidOn", "Ngày chi trả", Type.DATE));
                    paidColumns.add(new Column("providerReference", "Số chứng từ", Type.TEXT));
                    List<Column> unpaidColumns = new ArrayList<>(common);
                    unpaidColumns.add(new Column("status", "Trạng thái", Type.CODE));
                    unpaidColumns.add(new Column("reason", "Lý do", Type.CODE));
                    return new Report("PROVIDER", "Báo cáo của đơn vị chi trả kỳ " + c.code(), s.code(), s.name(),
                            YearMonth.from(c.month()).toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(),
                            List.of(new Section("paid", "Danh sách đã chi trả", paidColumns, pages(c, s, true)),
                                    new Section("unpaid", "Danh sách chưa chi trả", unpaidColumns, pages(c, s, false)),
                                    new Section("balance", "Kinh phí", List.of(new Column("item", "Chỉ tiêu", Type.KEY),
                                            new Column("label", "Nội dung", Type.TEXT),
                                            new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(balance))));
                })));
    }

    /** The provider's list, fetched a page at a time while it is written (keyset on the line number). */
    private Rows pages(CycleInfo c, Scope s, boolean paid) {
        int[] after = { 0 };
        return Rows.paged(() -> {
            List<List<Object>> page = repository.providerPage(c.id(), c.code(), s.codes(), paid, after[0], PAGE)
                    .await().indefinitely();
            if (page.isEmpty()) {
                return page;
            }
            after[0] = (Integer) page.get(page.size() - 1).get(0);
            return page.stream().map(r -> r.subList(1, r.size())).toList();
        });
    }

    // ------------------------------------------------------------------ year summary

    private static final List<String> STATES = List.of("PAID", "FAILED", "OPEN", "CARRIED_OVER");

    /**
     * Per month: people in payment and their registered methods, the cashless share, the month's lines
     * paid, failed, unpaid (no result yet) and carried over, and whether the month has ended by the
     * clock (the current month's figures are provisional and say so). Then the year's total of the lines
     * (people are not added up across months: the same person is in payment every month).
     */
    public Uni<Report> yearSummary(Caller caller, int year, String area) {
        return scope(caller, area).flatMap(s -> repository.year(year, s.codes()).flatMap(months -> repository
                .yearOutcomes(year, s.codes()).map(outcomes -> {
            YearMonth current = clock.currentMonth();
            List<List<Object>> rows = new ArrayList<>();
            long[] total = new long[STATES.size() * 2];
            for (ReportRepository.MonthFigures m : months) {
                YearMonth ym = YearMonth.from(m.month());
                String status = ym.isBefore(current) ? "MONTH_ENDED" : ym.equals(current) ? "MONTH_IN_PROGRESS"
                        : "MONTH_NOT_STARTED";
                List<Object> row = new ArrayList<>(Arrays.asList(ym.toString(), status, m.inPayment(), m.bank(), m.wallet(),
                        m.cashAtPoint(), m.home(), m.noMethod(), share(m.bank() + m.wallet(), m.inPayment())));
                for (int i = 0; i < STATES.size(); i++) {
                    String state = STATES.get(i);
                    long[] x = outcomes.stream().filter(o -> o.month().equals(m.month()) && o.state().equals(state))
                            .findFirst().map(o -> new long[] { o.lines(), o.amountVnd() }).orElse(new long[2]);
                    row.add(x[0]);
                    row.add(x[1]);
                    total[2 * i] += x[0];
                    total[2 * i + 1] += x[1];
                }
                rows.add(row);
            }
            List<Object> totalRow = new ArrayList<>(Arrays.asList("YEAR_TOTAL",
                    year < current.getYear() ? "MONTH_ENDED" : year == current.getYear() ? "MONTH_IN_PROGRESS" : "MONTH_NOT_STARTED",
                    null, null, null, null, null, null, null));
            for (long t : total) {
                totalRow.add(t);
            }
            rows.add(totalRow);
            List<Column> columns = new ArrayList<>(List.of(new Column("month", "Tháng", Type.MONTH),
                    new Column("monthStatus", "Tình trạng", Type.CODE), new Column("inPayment", "Đang hưởng", Type.COUNT),
                    new Column("bank", "Ngân hàng", Type.COUNT), new Column("wallet", "Ví điện tử", Type.COUNT),
                    new Column("cashAtPoint", "Tiền mặt tại điểm", Type.COUNT),
                    new Column("home", "Tại nhà", Type.COUNT), new Column("noMethod", "Chưa đăng ký", Type.COUNT),
                    new Column("cashlessShare", "Tỷ lệ đăng ký không dùng tiền mặt", Type.PERCENT)));
            columns.addAll(List.of(new Column("paidLines", "Số dòng đã chi", Type.COUNT),
                    new Column("paidVnd", "Số tiền đã chi (đồng)", Type.VND),
                    new Column("failedLines", "Số dòng không thành công", Type.COUNT),
                    new Column("failedVnd", "Số tiền không thành công (đồng)", Type.VND),
                    new Column("unpaidLines", "Số dòng chưa có kết quả", Type.COUNT),
                    new Column("unpaidVnd", "Số tiền chưa có kết quả (đồng)", Type.VND),
                    new Column("carriedOverLines", "Số dòng chuyển kỳ sau", Type.COUNT),
                    new Column("carriedOverVnd", "Số tiền chuyển kỳ sau (đồng)", Type.VND)));
            return new Report("YEAR_SUMMARY", "Tổng hợp năm " + year, s.code(), s.name(), String.valueOf(year),
                    clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(),
                    List.of(new Section("months", "Theo tháng", columns, Rows.of(rows))));
        })));
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * Files the progress report of a province for a month: computed now, written as JSON, kept with its
     * SHA-256. Filing again returns the report filed first, unchanged.
     */
    public Uni<Snapshot> file(Caller caller, String province, YearMonth month) {
        if (month.isAfter(clock.currentMonth())) {
            // a filing never changes: a month not yet begun would stay filed empty
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.reportMonthNotYet",
                    month.toString()));
        }
        return areas.pathOf(province).flatMap(path -> path == null || !path.equals("/" + province + "/")
                ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notAProvince", province))
                : repository.find("PROGRESS", province, month.atDay(1), null))
                .flatMap(existing -> {
                    if (existing != null) {
                        return caller.isSystem() ? Uni.createFrom().item(existing)
                                : jurisdiction.require(caller, province).replaceWith(existing);
                    }
                    return progress(caller, month, province).map(r -> frozen(r, caller, "PROGRESS", province, month, null))
                            .flatMap(repository::file);
                });
    }

    /** A report as filed: its JSON, and the JSON's SHA-256. */
    private Snapshot frozen(Report r, Caller caller, String kind, String area, YearMonth month, UUID cycle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ReportWriters.json(r, out, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String content = out.toString(StandardCharsets.UTF_8);
        return new Snapshot(UUID.randomUUID(), kind, area, month.atDay(1), cycle, content,
                Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8)), null, caller.subject());
    }

    /**
     * Files the payout-results report of a cycle for its province, frozen like the progress report.
     * Filing again returns the report filed first, unchanged. A cycle not yet approved has no results to
     * file (422): filed then, it would stay filed empty.
     */
    public Uni<Snapshot> filePayoutResults(Caller caller, UUID cycleId) {
        return cycle(cycleId).flatMap(c -> {
            if (!Set.of("APPROVED", "DISBURSING", "CLOSED").contains(c.status())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.reportCycleNotApproved",
                        c.code()));
            }
            YearMonth month = YearMonth.from(c.month());
            return jurisdiction.require(caller, c.provinceCode())
                    .flatMap(v -> repository.find("PAYOUT_RESULTS", c.provinceCode(), c.month(), c.id()))
                    .flatMap(existing -> existing != null ? Uni.createFrom().item(existing)
                            : payoutResults(caller, c.id(), c.provinceCode())
                                    .map(r -> frozen(r, caller, "PAYOUT_RESULTS", c.provinceCode(), month, c.id()))
                                    .flatMap(repository::file));
        });
    }

    public Uni<Snapshot> snapshot(Caller caller, UUID id) {
        return repository.get(id).flatMap(s -> s == null ? Uni.createFrom().failure(ApiException.notFound("snapshot"))
                : jurisdiction.require(caller, s.areaCode()).replaceWith(s));
    }

    public Uni<List<Snapshot>> snapshots(Caller caller, String area) {
        return jurisdiction.visibleAreas(caller, area).flatMap(codes -> repository.list(codes, 240));
    }

    /** The month the filing of the 25th files: this one, by the calendar in Vietnam. */
    public YearMonth snapshotMonth() {
        return clock.currentMonth();
    }

    /** The 25th: the month's progress report of every province paying this month is filed. */
    @Scheduled(identity = "progress-snapshot", cron = "${ansinh.jobs.progress-snapshot.cron}",
            timeZone = "${ansinh.jobs.zone}")
    public Uni<Void> fileMonthly() {
        YearMonth month = snapshotMonth();
        Caller system = Caller.system("progress-snapshot");
        return repository.provincesPaying(month.atDay(1)).flatMap(provinces -> Multi.createFrom().iterable(provinces)
                .onItem().transformToUniAndConcatenate(p -> file(system, p, month).replaceWith(p)
                        // one province's failure does not keep the others from being filed
                        .onFailure().recoverWithItem(e -> {
                            Log.errorf("progress report of %s for %s not filed: %s", p, month, e.toString());
                            return null;
                        }))
                .collect().asList())
                .invoke(done -> Log.infof("progress reports filed for %s: %d provinces", month, done.size()))
                .replaceWithVoid();
    }
}

package vn.ansinh.payout.report.service;

import java.util.Map;

/**
 * The Vietnamese label of each code a report's CODE column may hold, as an officer filing to the ministry
 * writes it. JSON keeps the code (API clients read codes); CSV and XLSX show the label. A code without a
 * label is shown as it is, so a new code is never lost, only untranslated.
 */
public final class ReportLabels {

    private static final Map<String, String> LABELS = Map.ofEntries(
            // payment methods and channels
            Map.entry("BANK_ACCOUNT", "Tài khoản ngân hàng"),
            Map.entry("E_WALLET", "Tài khoản số / ví điện tử"),
            Map.entry("CASH_AT_POINT", "Tiền mặt tại điểm chi trả"),
            Map.entry("HOME_DELIVERY", "Chi trả tại nhà"),
            // a payment line's state
            Map.entry("PAID", "Đã chi trả"),
            Map.entry("FAILED", "Không thành công"),
            Map.entry("CARRIED_OVER", "Chuyển kỳ sau"),
            Map.entry("OPEN", "Chưa có kết quả"),
            // why a payment failed
            Map.entry("ACCOUNT_CLOSED", "Tài khoản đã đóng"),
            Map.entry("NAME_MISMATCH", "Tên chủ tài khoản không khớp"),
            Map.entry("ACCOUNT_NOT_FOUND", "Không tìm thấy tài khoản"),
            Map.entry("LIMIT_EXCEEDED", "Vượt hạn mức"),
            Map.entry("PROVIDER_ERROR", "Lỗi của đơn vị chi trả"),
            Map.entry("RECIPIENT_ABSENT", "Không có người nhận"),
            Map.entry("RECIPIENT_DECEASED", "Người nhận đã mất"),
            Map.entry("OTHER", "Lý do khác"),
            // the months of a year summary
            Map.entry("MONTH_ENDED", "Đã kết thúc"),
            Map.entry("MONTH_IN_PROGRESS", "Tháng chưa kết thúc (số liệu tạm tính)"),
            Map.entry("MONTH_NOT_STARTED", "Chưa đến"),
            Map.entry("YEAR_TOTAL", "Cả năm"),
            Map.entry("ALL", "Tổng cộng"));

    private ReportLabels() {
    }

    /** The label of a code; a code without one, as it is. */
    public static String of(String code) {
        return code == null ? "" : LABELS.getOrDefault(code, code);
    }

    /** Whether the code has a label (tests: no code a report writes goes untranslated). */
    public static boolean known(String code) {
        return LABELS.containsKey(code);
    }
}

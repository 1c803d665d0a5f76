package vn.ansinh.payout.security.dev;

import java.util.List;
import java.util.Optional;

/**
 * DEV ONLY: one demo user per role, scoped to Quảng Ngãi (51) and two of its communes
 * (21211 Xã Tịnh Khê, 21025 Phường Cẩm Thành).
 */
final class DemoUsers {

    record DemoUser(String username, String subject, String name, List<String> roles, List<String> areas) {
    }

    static final List<DemoUser> ALL = List.of(
            new DemoUser("field.tinhkhe", "6f1c9a52-0d7e-4a43-9a41-000000000001", "Trần Văn Bình",
                    List.of("field_officer"), List.of("21211")),
            new DemoUser("commune.tinhkhe", "6f1c9a52-0d7e-4a43-9a41-000000000002", "Nguyễn Thị Hoa",
                    List.of("commune_officer"), List.of("21211")),
            new DemoUser("commune.camthanh", "6f1c9a52-0d7e-4a43-9a41-000000000003", "Lê Minh Tuấn",
                    List.of("commune_officer"), List.of("21025")),
            new DemoUser("province.quangngai", "6f1c9a52-0d7e-4a43-9a41-000000000004", "Phạm Thu Hà",
                    List.of("province_officer"), List.of("51")),
            new DemoUser("province.approver", "6f1c9a52-0d7e-4a43-9a41-000000000005", "Võ Đức Thắng",
                    List.of("province_officer"), List.of("51")),
            new DemoUser("provider.vnpost", "6f1c9a52-0d7e-4a43-9a41-000000000006", "Bưu điện tỉnh Quảng Ngãi",
                    List.of("payment_provider"), List.of("51")),
            new DemoUser("auditor.quangngai", "6f1c9a52-0d7e-4a43-9a41-000000000007", "Hoàng Thị Lan",
                    List.of("auditor"), List.of("51")),
            new DemoUser("admin", "6f1c9a52-0d7e-4a43-9a41-000000000008", "Quản trị hệ thống",
                    List.of("admin"), List.of()));

    static Optional<DemoUser> find(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    private DemoUsers() {
    }
}

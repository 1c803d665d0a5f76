package vn.ansinh.payout.area;

/** Level of an administrative unit: tỉnh/thành phố, huyện (history, or provinces still organised so), xã/phường/đặc khu. */
public enum AreaLevel {
    PROVINCE, DISTRICT, COMMUNE
}

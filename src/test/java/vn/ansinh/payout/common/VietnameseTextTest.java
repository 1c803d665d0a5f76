package vn.ansinh.payout.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VietnameseTextTest {

    @Test
    void foldingStripsMarksMapsDAndLowerCases() {
        assertThat(VietnameseText.fold("Tỉnh Quảng Ngãi")).isEqualTo("tinh quang ngai");
        assertThat(VietnameseText.fold("ĐÔNG HÒA")).isEqualTo("dong hoa");
        assertThat(VietnameseText.fold("Nguyễn Thị Ánh Tuyết")).isEqualTo("nguyen thi anh tuyet");
        assertThat(VietnameseText.fold("Ưng Ơn Đức")).isEqualTo("ung on duc");
    }

    @Test
    void decomposedInputFoldsLikeComposed() {
        String nfd = java.text.Normalizer.normalize("Trương Quang Trọng", java.text.Normalizer.Form.NFD);
        assertThat(VietnameseText.fold(nfd)).isEqualTo(VietnameseText.fold("Trương Quang Trọng"));
    }

    @Test
    void normalizeComposesAndCollapsesSpaces() {
        String nfd = java.text.Normalizer.normalize("  Lê   Thị  Hồng ", java.text.Normalizer.Form.NFD);
        String stored = VietnameseText.normalize(nfd);
        assertThat(stored).isEqualTo("Lê Thị Hồng");
        assertThat(java.text.Normalizer.isNormalized(stored, java.text.Normalizer.Form.NFC)).isTrue();
    }

    @Test
    void foldedFormsCollideSoTheyAreNeverAnIdentity() {
        assertThat(VietnameseText.fold("Đoàn")).isEqualTo(VietnameseText.fold("Doãn"));
        assertThat("Đoàn").isNotEqualTo("Doãn");
    }

    @Test
    void likeWildcardsAreEscaped() {
        assertThat(VietnameseText.escapeLike("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b");
    }
}

package vn.ansinh.payout.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import vn.ansinh.payout.common.logging.PiiMaskingLogFilter;

class PiiMaskerTest {

    @Test
    void identifiersKeepOnlyTheirLastFourDigits() {
        assertThat(PiiMasker.maskIdentifier("051190012345")).isEqualTo("********2345");
        assertThat(PiiMasker.maskIdentifier("123")).isEqualTo("***");
    }

    @Test
    void nationalIdsPhonesAndAccountsAreMaskedInFreeText() {
        String masked = PiiMasker.maskText("cccd=051190012345 phone +84912345678 acct 0123 4567 8901 2 ok");
        assertThat(masked).doesNotContain("051190012345").doesNotContain("912345678").doesNotContain("0123 4567 8901");
        assertThat(masked).contains("2345").contains("5678").contains("ok");
    }

    @Test
    void shortNumbersSuchAsCountsAndYearsAreLeftAlone() {
        assertThat(PiiMasker.maskText("page 2 of 2026, 96 communes")).isEqualTo("page 2 of 2026, 96 communes");
    }

    @Test
    void theLogFilterMasksFormattedParametersAndExceptions() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "registered %s with phone %s", ExtLogRecord.FormatStyle.PRINTF,
                PiiMaskerTest.class.getName());
        record.setParameters(new Object[] { "051190012345", "0912345678" });
        record.setThrown(new IllegalStateException("duplicate national id 051190012345"));
        new PiiMaskingLogFilter().isLoggable(record);
        assertThat(record.getFormattedMessage()).doesNotContain("051190012345").doesNotContain("0912345678")
                .contains("********2345");
        assertThat(record.getThrown().getMessage()).doesNotContain("051190012345")
                .contains("IllegalStateException");
    }
}

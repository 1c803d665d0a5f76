package vn.ansinh.payout.cycle.service;

import static vn.ansinh.payout.common.CsvWriter.exact;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.CsvWriter;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.cycle.repository.CycleRepository.Cycle;
import vn.ansinh.payout.cycle.repository.DisbursementRepository;
import vn.ansinh.payout.cycle.repository.DisbursementRepository.Transfer;

/**
 * The payment provider's disbursement file: the cycle's bank and e-wallet lines, in CSV or in a JSON
 * shape aligned with the G2P Connect disburse request. The content depends only on the sealed lines
 * and the approval, so producing it twice gives the same bytes and the checksum fixed at release
 * holds for every download. Written page by page: a million lines never sit in memory.
 */
@ApplicationScoped
public class DisbursementFiles {

    public enum Format {
        CSV, JSON
    }

    static final int PAGE = 5000;
    static final String[] CSV_HEADER = { "reference_id", "payee_name", "channel", "bank_bin", "account_number",
            "wallet_provider", "wallet_account", "amount_vnd", "currency", "note" };

    private final DisbursementRepository repository;
    private final ObjectMapper json;
    private final CycleConfig config;

    public DisbursementFiles(DisbursementRepository repository, ObjectMapper json, CycleConfig config) {
        this.repository = repository;
        this.json = json;
        this.config = config;
    }

    public Uni<long[]> totals(Cycle cycle) {
        return repository.totals(cycle.id(), Providers.TRANSFER_CHANNELS);
    }

    /** The file as a stream of chunks. */
    public Multi<byte[]> content(Cycle cycle, Format format) {
        return content(cycle, format, Providers.TRANSFER_CHANNELS);
    }

    /**
     * The file of some transfer channels only: what one provider pays when another pays the rest. The same
     * bytes as the whole file when the channels are all of them.
     */
    public Multi<byte[]> content(Cycle cycle, Format format, List<String> channels) {
        return repository.totals(cycle.id(), channels).toMulti().flatMap(t -> {
            AtomicInteger after = new AtomicInteger(0);
            AtomicInteger written = new AtomicInteger(0);
            Multi<List<Transfer>> pages = Multi.createBy().repeating()
                    .uni(() -> repository.page(cycle.id(), cycle.code(), channels, after.get(), PAGE)
                            .invoke(p -> {
                                if (!p.isEmpty()) {
                                    after.set(p.get(p.size() - 1).lineNo());
                                }
                            }))
                    .until(List::isEmpty);
            Multi<byte[]> body = pages.map(p -> bytes(format == Format.CSV ? csv(p) : jsonItems(cycle, p, written)));
            return Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(bytes(format == Format.CSV ? csv(null) : jsonHead(cycle, t[0], t[1]))),
                    body,
                    Multi.createFrom().item(bytes(format == Format.CSV ? "" : "]}}")))
                    .filter(b -> b.length > 0);
        });
    }

    /** SHA-256 of the file, hex. */
    public Uni<String> sha256(Cycle cycle, Format format) {
        return sha256(cycle, format, Providers.TRANSFER_CHANNELS);
    }

    public Uni<String> sha256(Cycle cycle, Format format, List<String> channels) {
        return content(cycle, format, channels).collect().in(Digests::sha256, MessageDigest::update)
                .map(d -> HexFormat.of().formatHex(d.digest()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The provider matches reference_id, channel, bank_bin, account_number, wallet_account, amount_vnd and
     * currency byte for byte: those are exact cells. payee_name, wallet_provider and note are free text and go
     * through the formula guard (a real name never starts with =, +, -, @, a tab or CR, so the guard changes
     * only a hostile or broken record, which the provider's name check then refuses).
     */
    private static String csv(List<Transfer> page) {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.rfc4180(out)) {
            if (page == null) {
                csv.row(Arrays.stream(CSV_HEADER).map(CsvWriter::exact).toArray());
            } else {
                for (Transfer t : page) {
                    csv.row(exact(t.reference()), t.payeeName(), exact(t.channel()), exact(t.bankBin()),
                            exact(t.accountNumber()), t.walletProvider(), exact(t.walletAccount()), t.amountVnd(),
                            exact("VND"), note(t));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String note(Transfer t) {
        return t.kind() + " " + t.forMonth().toString().substring(0, 7);
    }

    private String jsonHead(Cycle cycle, long count, long amount) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", "1.0.0");
        header.put("message_id", cycle.code());
        header.put("message_ts", cycle.approvedAt().toInstant().toString());
        header.put("action", "disburse");
        header.put("sender_id", config.disbursement().senderId());
        header.put("total_count", count);
        header.put("total_amount", String.valueOf(amount));
        header.put("currency_code", "VND");
        header.put("is_msg_encrypted", false);
        try {
            return "{\"header\":" + json.writeValueAsString(header) + ",\"message\":{\"transaction_id\":"
                    + json.writeValueAsString(cycle.code()) + ",\"disbursements\":[";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jsonItems(Cycle cycle, List<Transfer> page, AtomicInteger written) {
        StringBuilder out = new StringBuilder(page.size() * 220);
        for (Transfer t : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("reference_id", t.reference());
            item.put("payer_fa", config.disbursement().payerFa());
            item.put("payee_fa", "BANK_ACCOUNT".equals(t.channel())
                    ? "account:" + t.accountNumber() + "@" + t.bankBin() + ".napas"
                    : "mobile:" + t.walletAccount() + "@" + t.walletProvider());
            item.put("payee_name", t.payeeName());
            item.put("amount", String.valueOf(t.amountVnd()));
            item.put("currency_code", "VND");
            item.put("note", note(t));
            if (written.getAndIncrement() > 0) {
                out.append(',');
            }
            try {
                out.append(json.writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }
}

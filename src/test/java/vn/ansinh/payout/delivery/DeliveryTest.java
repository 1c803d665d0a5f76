package vn.ansinh.payout.delivery;

import static vn.ansinh.payout.testing.Api.approve;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * Home delivery in province 98: one approved cycle of twelve homebound beneficiaries of commune 98001.
 * Confirmation with photos, exactly once under replays and races, photos checked by content, nothing
 * stored by a refused or interrupted upload, access by area and assignment, audited evidence reads,
 * each fraud signal, and the cash each officer carries.
 */
@QuarkusTest
public class DeliveryTest {

    static final String AREA = "98001";
    static final String OFFICER_A = "field-a-98";
    static final String OFFICER_B = "field-b-98";
    static final String OFFICER_RATE = "field-rate-98";
    static final ObjectMapper JSON = new ObjectMapper();

    static CycleFixture f;
    static String cycleId;
    static final List<UUID> people = new ArrayList<>();
    static final Map<UUID, UUID> deliveryOf = new LinkedHashMap<>();
    static final Map<UUID, Long> amountOf = new LinkedHashMap<>();
    static String representativeId;

    @Inject
    AreaDirectory areas;

    @Inject
    vn.ansinh.payout.delivery.evidence.EvidenceStore store;

    @BeforeEach
    void anApprovedCycleOfHomeDeliveries() {
        if (f != null) {
            return;
        }
        f = new CycleFixture("98");
        // the fixture adds communes with SQL, behind the service's back: its area cache must learn of them
        areas.refresh().await().indefinitely();
        for (int i = 0; i < 14; i++) {
            UUID p = f.person("Phạm Văn Nhà " + i, LocalDate.parse("1950-01-01").plusDays(i), "MALE", 1, "CANNOT_TRAVEL");
            f.entitlement(p, "SOCIAL_ASSISTANCE", "K5b", null, 0, "2026-01");
            people.add(p);
        }
        representativeId = "098190" + String.format("%06d", (int) (Math.random() * 1_000_000));
        CycleFixture.sql("insert into representative (id, beneficiary_id, kind, national_id, full_name, relationship, valid_from, "
                + "authorization_ref, confirmed_by, confirmed_at) values (?, ?, 'AUTHORIZED', ?, 'Phạm Thị Con', 'CHILD', "
                + "date '2026-01-01', 'UQ-98', 'commune-officer', now())", UUID.randomUUID(), people.get(5), representativeId);
        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", "2026-11");
        cycleId = cycle.getString("id");
        f.approveAndRelease(cycleId, cycle.getString("linesSha256"));
        List<Map<String, Object>> list = asProvince().queryParam("cycleId", cycleId).queryParam("limit", 500)
                .get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath().getList("$");
        for (Map<String, Object> d : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) d.get("beneficiary");
            UUID person = UUID.fromString((String) b.get("id"));
            deliveryOf.put(person, UUID.fromString((String) d.get("id")));
            amountOf.put(person, ((Number) d.get("amountVnd")).longValue());
        }
        assertThat(deliveryOf).hasSize(14);
        // deliveries 0-8 to officer A, 9-11 to the officer of the rate test
        assign(OFFICER_A, people.subList(0, 9)).then().statusCode(200);
        assign(OFFICER_RATE, people.subList(9, 12)).then().statusCode(200);
        assign(OFFICER_A, people.subList(12, 14)).then().statusCode(200);
    }

    // ------------------------------------------------------------------ helpers

    static RequestSpecification asProvince() {
        return asSubject("prov-98", Roles.PROVINCE_OFFICER, "98");
    }

    static RequestSpecification asCommune() {
        return asSubject("commune-98001", Roles.COMMUNE_OFFICER, AREA);
    }

    static RequestSpecification asAuditor() {
        return asSubject("auditor-98", Roles.AUDITOR, "98");
    }

    static Response assign(String officer, List<UUID> persons) {
        return asCommune().contentType(ContentType.JSON)
                .body(Map.of("cycleId", cycleId, "officer", officer,
                        "deliveryIds", persons.stream().map(deliveryOf::get).map(UUID::toString).toList()))
                .post("/api/v1/deliveries/assignments");
    }

    static OffsetDateTime now() {
        return TestClock.offset().withNano(0);
    }

    static Map<String, Object> body(UUID confirmationId, String outcome, long amount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("confirmationId", confirmationId.toString());
        m.put("outcome", outcome);
        m.put("recipient", "DELIVERED".equals(outcome) ? "BENEFICIARY" : "NONE");
        m.put("amountVnd", "DELIVERED".equals(outcome) ? amount : 0);
        m.put("capturedAt", now().minusMinutes(5).toString());
        m.put("deviceSentAt", now().toString());
        m.put("position", Map.of("latitude", 15.12, "longitude", 108.80, "accuracyM", 12.0));
        return m;
    }

    /** A photo part: name, bytes, declared type. */
    record Part(String name, byte[] bytes, String type) {
    }

    static Part jpeg(long seed) {
        return new Part("photo", TestImages.jpeg(320, 240, seed), "image/jpeg");
    }

    static Response confirm(String officer, String area, UUID delivery, Map<String, Object> body, Part... parts) {
        try {
            return confirmRaw(officer, area, delivery, JSON.writeValueAsString(body), parts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Response confirmRaw(String officer, String area, UUID delivery, String json, Part... parts) {
        RequestSpecification r = asSubject(officer, Roles.FIELD_OFFICER, area)
                .multiPart(new MultiPartSpecBuilder(json).controlName("confirmation").mimeType("application/json")
                        .charset(StandardCharsets.UTF_8).build());
        int i = 0;
        for (Part p : parts) {
            r = r.multiPart(p.name(), "file" + (i++) + (p.type().endsWith("png") ? ".png" : ".jpg"), p.bytes(), p.type());
        }
        return r.post("/api/v1/deliveries/" + delivery + "/confirmation");
    }

    static long count(String table) {
        return CycleFixture.queryLong("select count(*) from " + table);
    }

    static long flags(UUID confirmation, String kind) {
        return CycleFixture.queryLong("select count(*) from delivery_flag where confirmation_id = ? and kind = ?", confirmation, kind);
    }

    // ------------------------------------------------------------------ tests

    @Test
    public void aFieldOfficerSeesOnlyTheirOwnDeliveriesAndNothingSensitive() {
        Response r = asSubject(OFFICER_A, Roles.FIELD_OFFICER, AREA).get("/api/v1/deliveries");
        r.then().statusCode(200);
        List<Map<String, Object>> mine = r.jsonPath().getList("$");
        // 11 were assigned to A; another test may have reassigned one of them to B
        assertThat(mine).hasSizeBetween(10, 11).allSatisfy(d -> assertThat(d.get("assignedTo")).isEqualTo(OFFICER_A));
        String raw = r.asString();
        String fullId = CycleFixture.queryText("select national_id from beneficiary where id = ?", people.get(0));
        assertThat(raw).doesNotContain(fullId, "K5b", "categoryCode", "mobility", "CANNOT_TRAVEL")
                .contains(fullId.substring(8)).contains("Thôn 1");
        assertThat(r.jsonPath().getString("find { it.beneficiary.id == '" + people.get(5) + "' }.representative.fullName"))
                .isEqualTo("Phạm Thị Con");
        // another field officer sees none of them, and cannot open one
        assertThat(asSubject(OFFICER_B, Roles.FIELD_OFFICER, AREA).get("/api/v1/deliveries").then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        asSubject(OFFICER_B, Roles.FIELD_OFFICER, AREA).get("/api/v1/deliveries/" + deliveryOf.get(people.get(0)))
                .then().statusCode(404);
    }

    @Test
    public void aDeliveryIsConfirmedWithPhotosAndItsEvidenceIsReadAuditedWithoutLocation() throws Exception {
        UUID person = people.get(0);
        UUID delivery = deliveryOf.get(person);
        UUID id = UUID.randomUUID();
        byte[] withGps = TestImages.jpegWithExif(640, 480, 7, now().toLocalDateTime().minusMinutes(6),
                15.1201, 108.8012);
        byte[] png = TestImages.png(200, 150, 8);
        byte[] thumbprint = TestImages.png(120, 160, 9);
        Response r = confirm(OFFICER_A, AREA, delivery, body(id, "DELIVERED", amountOf.get(person)),
                new Part("photo", withGps, "image/jpeg"), new Part("photo", png, "image/png"),
                new Part("signature", thumbprint, "image/png"));
        r.then().statusCode(201);
        JsonPath x = r.jsonPath();
        assertThat(x.getString("id")).isEqualTo(id.toString());
        assertThat(x.getString("outcome")).isEqualTo("DELIVERED");
        assertThat(x.getList("photos.sha256")).containsExactly(sha256(withGps), sha256(png), sha256(thumbprint));
        assertThat(x.getList("photos.kind")).containsExactly("PHOTO", "PHOTO", "SIGNATURE");
        assertThat(x.getList("photos.mediaType")).containsExactly("image/jpeg", "image/png", "image/png");
        assertThat(x.getString("photos[0].exifCapturedAt")).isNotNull();
        assertThat((Object) x.get("photos[0].exifPosition")).as("the home's position is for officers").isNull();
        assertThat((Object) x.get("position")).isNull();
        JsonPath asOfficer = asCommune().get("/api/v1/deliveries/" + delivery).then().statusCode(200).extract().jsonPath();
        assertThat(asOfficer.getDouble("confirmations[0].photos[0].exifPosition.latitude")).isBetween(15.12, 15.1202);
        assertThat(asOfficer.getDouble("confirmations[0].position.latitude")).isEqualTo(15.12);
        assertThat((Object) x.get("flags")).as("field officers do not see the fraud signals").isNull();

        assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", delivery)).isEqualTo("DELIVERED");
        assertThat(CycleFixture.queryText("select outcome || '/' || source from payment_result r join home_delivery d "
                + "on d.line_id = r.line_id and d.attempt = r.attempt where d.id = ?", delivery)).isEqualTo("PAID/DELIVERY");
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'DELIVERY_CONFIRMED' and entity_id = ?",
                delivery.toString())).isEqualTo(1);

        // the evidence: read by the auditor, audited, served without GPS
        String photoId = x.getString("photos[0].id");
        long readsBefore = CycleFixture.queryLong("select count(*) from audit_entry where action = 'EVIDENCE_READ' and entity_id = ?",
                photoId);
        Response photo = asAuditor().accept("image/jpeg").get("/api/v1/deliveries/" + delivery + "/evidence/" + photoId);
        photo.then().statusCode(200).contentType("image/jpeg").header("Cache-Control", "no-store")
                .header("X-Original-SHA256", sha256(withGps));
        byte[] served = photo.asByteArray();
        Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(served));
        assertThat(metadata.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(served)).getWidth()).isEqualTo(640);
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'EVIDENCE_READ' and entity_id = ?",
                photoId)).isEqualTo(readsBefore + 1);
        // an auditor of another province, and a field officer not assigned, learn nothing
        asSubject("auditor-97", Roles.AUDITOR, "97").accept("image/jpeg")
                .get("/api/v1/deliveries/" + delivery + "/evidence/" + photoId).then().statusCode(404);
        asSubject(OFFICER_A, Roles.FIELD_OFFICER, AREA).accept("image/jpeg")
                .get("/api/v1/deliveries/" + delivery + "/evidence/" + photoId).then().statusCode(403);
        asSubject("provider-98", Roles.PAYMENT_PROVIDER, "98").accept("image/jpeg")
                .get("/api/v1/deliveries/" + delivery + "/evidence/" + photoId).then().statusCode(403);
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'EVIDENCE_READ' and entity_id = ?",
                photoId)).isEqualTo(readsBefore + 1);

        // bytes changed in the store are never served: a 500 problem, an alert (log and counter), no audited read
        String pngId = x.getString("photos[1].id");
        try (java.sql.Connection c = vn.ansinh.payout.testing.TestEnvironment.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("set session_replication_role = replica"); // past the append-only trigger, as an intruder would be
            st.executeUpdate("update evidence_blob set content = content || '\\x00'::bytea where storage_key = "
                    + "(select storage_key from delivery_photo where id = '" + pngId + "')");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        asAuditor().accept("image/png").get("/api/v1/deliveries/" + delivery + "/evidence/" + pngId)
                .then().statusCode(500).contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo("INTERNAL_ERROR"));
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'EVIDENCE_READ' and entity_id = ?",
                pngId)).isZero();
        assertThat(RestAssured.get("/q/metrics").asString()).containsPattern("ansinh_evidence_integrity_failures_total [1-9]");

        // an object that grew by megabytes in the store is caught by its size: the store hands over one byte more
        // than recorded, never the whole object, and the read fails as a changed hash does
        String jpegId = x.getString("photos[0].id");
        String jpegKey;
        long jpegSize;
        try (java.sql.Connection c = vn.ansinh.payout.testing.TestEnvironment.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            st.executeUpdate("update evidence_blob set content = content || decode(repeat('00', 4194304), 'hex') "
                    + "where storage_key = (select storage_key from delivery_photo where id = '" + jpegId + "')");
            java.sql.ResultSet rs = st.executeQuery("select storage_key, size_bytes from delivery_photo where id = '" + jpegId + "'");
            rs.next();
            jpegKey = rs.getString(1);
            jpegSize = rs.getLong(2);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(store.read(jpegKey, jpegSize).await().atMost(java.time.Duration.ofSeconds(30))).hasSize((int) jpegSize + 1);
        String failuresBefore = integrityFailures();
        asAuditor().accept("image/jpeg").get("/api/v1/deliveries/" + delivery + "/evidence/" + jpegId)
                .then().statusCode(500).contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo("INTERNAL_ERROR"));
        assertThat(integrityFailures()).isNotEqualTo(failuresBefore);

        // the detail shows the officers the flags and the evidence links
        asCommune().get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                .body("confirmations[0].photos[1].href", org.hamcrest.Matchers.endsWith(x.getString("photos[1].id")))
                .body("confirmations[0].flags", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    public void theSameConfirmationReplayedTwentyTimesAtOnceIsRecordedOnce() throws Exception {
        UUID person = people.get(1);
        UUID delivery = deliveryOf.get(person);
        String json = JSON.writeValueAsString(body(UUID.randomUUID(), "DELIVERED", amountOf.get(person)));
        Part photo = jpeg(11);
        long photosBefore = count("delivery_photo");
        long blobsBefore = count("evidence_blob");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> confirmRaw(OFFICER_A, AREA, delivery, json, photo));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> fu : pool.invokeAll(calls)) {
                responses.add(fu.get());
            }
            assertThat(responses).extracting(Response::statusCode).containsOnly(200, 201);
            assertThat(responses.stream().filter(x -> x.statusCode() == 201).count()).isEqualTo(1);
            assertThat(responses.stream().map(x -> x.jsonPath().getString("photos[0].id")).distinct().count()).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation where delivery_id = ?", delivery)).isEqualTo(1);
        assertThat(count("delivery_photo")).isEqualTo(photosBefore + 1);
        assertThat(count("evidence_blob")).isEqualTo(blobsBefore + 1);
        // a resend from the offline queue carries a new sending time: still the same confirmation
        Map<String, Object> resent = JSON.readValue(json, Map.class);
        resent.put("deviceSentAt", now().plusMinutes(30).toString());
        confirm(OFFICER_A, AREA, delivery, resent, photo).then().statusCode(200);
        // a different request under the same id is refused, not merged
        Map<String, Object> changed = JSON.readValue(json, Map.class);
        changed.put("note", "edited");
        confirm(OFFICER_A, AREA, delivery, changed, photo).then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("CONFLICT"));
    }

    @Test
    public void twoOfficersAtOneDoorGiveOneConfirmationAndOneConflict() throws Exception {
        UUID person = people.get(2);
        UUID delivery = deliveryOf.get(person);
        // A captured while assigned; the delivery was then reassigned to B, who also went
        Map<String, Object> fromA = body(UUID.randomUUID(), "DELIVERED", amountOf.get(person));
        Thread.sleep(1100); // times below are to the second: capture after A's assignment, reassign after the capture
        fromA.put("capturedAt", now().toString());
        Thread.sleep(1100);
        assign(OFFICER_B, List.of(person)).then().statusCode(200).body("assigned", org.hamcrest.Matchers.equalTo(1));
        Map<String, Object> fromB = body(UUID.randomUUID(), "DELIVERED", amountOf.get(person));
        fromB.put("capturedAt", now().toString());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> a = pool.submit(() -> confirm(OFFICER_A, AREA, delivery, fromA, jpeg(21)));
            Future<Response> b = pool.submit(() -> confirm(OFFICER_B, AREA, delivery, fromB, jpeg(22)));
            List<Response> both = List.of(a.get(), b.get());
            assertThat(both).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
            Response conflict = both.stream().filter(x -> x.statusCode() == 409).findFirst().orElseThrow();
            Response created = both.stream().filter(x -> x.statusCode() == 201).findFirst().orElseThrow();
            assertThat(conflict.jsonPath().getString("existing.confirmationId")).isEqualTo(created.jsonPath().getString("id"));
            assertThat(conflict.jsonPath().getString("existing.outcome")).isEqualTo("DELIVERED");
        } finally {
            pool.shutdown();
        }
        assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation where delivery_id = ?", delivery)).isEqualTo(1);
        // an officer never assigned to it may not confirm at all
        confirm("field-never-98", AREA, delivery, body(UUID.randomUUID(), "NOT_HOME", 0)).then().statusCode(403);
    }

    @Test
    public void photosAreCheckedByContentAndARefusedRequestStoresNothing() {
        UUID person = people.get(3);
        UUID delivery = deliveryOf.get(person);
        long amount = amountOf.get(person);
        long[] before = { count("delivery_confirmation"), count("delivery_photo"), count("evidence_blob") };
        byte[] pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        byte[] good = TestImages.jpeg(320, 240, 31);
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] big = new byte[5 * 1024 * 1024 + 10];
        System.arraycopy(good, 0, big, 0, good.length);
        assertRefused(delivery, amount, new Part("photo", pdf, "image/jpeg"), 415, "NOT_AN_IMAGE");
        assertRefused(delivery, amount, new Part("photo", new byte[0], "image/jpeg"), 422, "EMPTY");
        assertRefused(delivery, amount, new Part("photo", truncated, "image/jpeg"), 422, "TRUNCATED");
        assertRefused(delivery, amount, new Part("photo", big, "image/jpeg"), 413, "TOO_LARGE");
        assertRefused(delivery, amount, new Part("photo", TestImages.pngWithHugeHeader(100_000, 100_000), "image/png"), 413,
                "TOO_MANY_PIXELS");
        // a good photo beside a bad one stores neither
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount), jpeg(32),
                new Part("photo", pdf, "image/jpeg")).then().statusCode(415);
        // DELIVERED without a photo
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount)).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("photo"));
        // a wrong amount
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount - 1000), jpeg(33)).then().statusCode(422);
        // broken JSON
        confirmRaw(OFFICER_A, AREA, delivery, "{\"confirmationId\": ", jpeg(34)).then().statusCode(400);
        assertThat(new long[] { count("delivery_confirmation"), count("delivery_photo"), count("evidence_blob") })
                .containsExactly(before);
        assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", delivery)).isEqualTo("OPEN");
    }

    private static void assertRefused(UUID delivery, long amount, Part part, int status, String reason) {
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount), part).then().statusCode(status)
                .contentType("application/problem+json").body("errors[0].code", org.hamcrest.Matchers.equalTo(reason));
    }

    @Test
    public void aRequestDeclaringMoreThanTwentyMegabytesIsRefusedBeforeItIsRead() throws Exception {
        UUID delivery = deliveryOf.get(people.get(3));
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/deliveries/" + delivery + "/confirmation HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Tokens.forSubject(OFFICER_A, Roles.FIELD_OFFICER, AREA) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (25 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = new String(socket.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head).contains("application/problem+json");
        }
    }

    @Test
    public void anUploadCutOffMidPhotoStoresNothing() throws Exception {
        UUID person = people.get(3);
        UUID delivery = deliveryOf.get(person);
        UUID id = UUID.randomUUID();
        String json = JSON.writeValueAsString(body(id, "DELIVERED", amountOf.get(person)));
        byte[] photo = TestImages.jpeg(800, 600, 41);
        String boundary = "cut-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"confirmation\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        int fullLength = head.length + photo.length + ("\r\n--" + boundary + "--\r\n").length();
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/deliveries/" + delivery + "/confirmation HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Tokens.forSubject(OFFICER_A, Roles.FIELD_OFFICER, AREA) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: " + fullLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(photo, 0, photo.length / 2);
            out.flush();
            Thread.sleep(300);
        }
        Thread.sleep(700);
        assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation where id = ?", id)).isZero();
        assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", delivery)).isEqualTo("OPEN");
    }

    @Test
    public void accessFollowsRoleAreaAndAssignment() {
        UUID person = people.get(4);
        UUID delivery = deliveryOf.get(person);
        long amount = amountOf.get(person);
        // an officer of another commune: the delivery does not exist for them
        confirm(OFFICER_A, "98002", delivery, body(UUID.randomUUID(), "NOT_HOME", 0)).then().statusCode(404);
        // a field officer of the commune not assigned to it
        confirm(OFFICER_B, AREA, delivery, body(UUID.randomUUID(), "NOT_HOME", 0)).then().statusCode(403);
        // a commune officer does not confirm deliveries
        asCommune().multiPart(new MultiPartSpecBuilder("{}").controlName("confirmation").mimeType("application/json").build())
                .post("/api/v1/deliveries/" + delivery + "/confirmation").then().statusCode(403);
        // the assigned officer: not home first (the delivery stays open), delivered on the next visit
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "NOT_HOME", 0)).then().statusCode(201);
        assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", delivery)).isEqualTo("OPEN");
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount), jpeg(51)).then().statusCode(201)
                .body("closesDelivery", org.hamcrest.Matchers.equalTo(true));
        // once closed, a later different confirmation is a conflict naming the one that closed it
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "REFUSED", 0)).then().statusCode(409)
                .body("existing.outcome", org.hamcrest.Matchers.equalTo("DELIVERED"));
        asCommune().get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                .body("confirmations.outcome", org.hamcrest.Matchers.contains("NOT_HOME", "DELIVERED"));
    }

    @Test
    public void aRepresentativeReceivesOnlyWithTheirOwnConfirmedId() {
        UUID person = people.get(5);
        UUID delivery = deliveryOf.get(person);
        Map<String, Object> b = body(UUID.randomUUID(), "DELIVERED", amountOf.get(person));
        b.put("recipient", "REPRESENTATIVE");
        b.put("representativeNationalId", "098190000000".equals(representativeId) ? "098190000001" : "098190000000");
        confirm(OFFICER_A, AREA, delivery, b, jpeg(61)).then().statusCode(422);
        b.put("confirmationId", UUID.randomUUID().toString());
        b.put("representativeNationalId", representativeId);
        Response r = confirm(OFFICER_A, AREA, delivery, b, jpeg(62));
        r.then().statusCode(201).body("recipient", org.hamcrest.Matchers.equalTo("REPRESENTATIVE"));
        assertThat(r.asString()).doesNotContain(representativeId);
    }

    @Test
    public void eachFraudSignalIsRaisedForReviewNeverRefused() throws Exception {
        // the same photo as another delivery's
        byte[] reused = TestImages.jpeg(300, 200, 71);
        UUID first = UUID.randomUUID();
        confirm(OFFICER_A, AREA, deliveryOf.get(people.get(6)), body(first, "DELIVERED", amountOf.get(people.get(6))),
                new Part("photo", reused, "image/jpeg")).then().statusCode(201);
        UUID second = UUID.randomUUID();
        Map<String, Object> far = body(second, "DELIVERED", amountOf.get(people.get(7)));
        // and far from the commune, with a poor fix, from a phone whose clock is two hours off
        asCommune().contentType(ContentType.JSON).body(Map.of("latitude", 15.12, "longitude", 108.80))
                .put("/api/v1/deliveries/reference-points/" + AREA).then().statusCode(204);
        far.put("position", Map.of("latitude", 15.60, "longitude", 108.80, "accuracyM", 850.0));
        far.put("deviceSentAt", now().plusHours(2).toString());
        confirm(OFFICER_A, AREA, deliveryOf.get(people.get(7)), far, new Part("photo", reused, "image/jpeg"))
                .then().statusCode(201);
        assertThat(flags(second, "DUPLICATE_PHOTO")).isEqualTo(1);
        assertThat(flags(second, "FAR_FROM_COMMUNE")).isEqualTo(1);
        assertThat(flags(second, "POOR_GPS_ACCURACY")).isEqualTo(1);
        assertThat(flags(second, "DEVICE_CLOCK_SKEW")).isEqualTo(1);
        assertThat(flags(first, "FAR_FROM_COMMUNE") + flags(first, "DEVICE_CLOCK_SKEW")).isZero();

        // a photo taken a day before the reported handover
        UUID third = UUID.randomUUID();
        byte[] old = TestImages.jpegWithExif(320, 240, 81, now().toLocalDateTime().minusDays(1), 15.12, 108.80);
        // for a beneficiary who died this month (recorded after the payroll was approved)
        f.status(people.get(8), "ACTIVE", "ENDED", "DEATH", "2026-11");
        confirm(OFFICER_A, AREA, deliveryOf.get(people.get(8)), body(third, "DELIVERED", amountOf.get(people.get(8))),
                new Part("photo", old, "image/jpeg")).then().statusCode(201);
        assertThat(flags(third, "PHOTO_TIME_MISMATCH")).isEqualTo(1);
        assertThat(flags(third, "BENEFICIARY_ENDED")).isEqualTo(1);
        assertThat(flags(third, "DUPLICATE_PHOTO")).isZero();

        // more visits within an hour than one person can make (limit 3 in tests)
        List<UUID> visits = new ArrayList<>();
        for (int i = 9; i < 12; i++) {
            UUID v = UUID.randomUUID();
            visits.add(v);
            confirm(OFFICER_RATE, AREA, deliveryOf.get(people.get(i)), body(v, "NOT_HOME", 0)).then().statusCode(201);
        }
        UUID fourth = UUID.randomUUID();
        confirm(OFFICER_RATE, AREA, deliveryOf.get(people.get(9)), body(fourth, "NOT_HOME", 0)).then().statusCode(201);
        assertThat(flags(visits.get(2), "IMPLAUSIBLE_RATE")).isZero();
        assertThat(flags(fourth, "IMPLAUSIBLE_RATE")).isEqualTo(1);

        // the auditors' queue lists them with their reasons
        List<Map<String, Object>> queue = asAuditor().queryParam("limit", 500).get("/api/v1/deliveries/flags")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(queue.stream().filter(q -> second.toString().equals(q.get("confirmationId")))
                .map(q -> (String) ((Map<?, ?>) q.get("flag")).get("kind")).toList())
                // (officer A may also have passed the tests' low hourly limit by now: IMPLAUSIBLE_RATE)
                .contains("DUPLICATE_PHOTO", "FAR_FROM_COMMUNE", "POOR_GPS_ACCURACY", "DEVICE_CLOCK_SKEW")
                .doesNotContain("BENEFICIARY_ENDED", "PHOTO_TIME_MISMATCH", "NO_POSITION");
        asSubject(OFFICER_A, Roles.FIELD_OFFICER, AREA).get("/api/v1/deliveries/flags").then().statusCode(403);
        // a commune officer reviews one: it leaves the open queue, and stays as decided
        long flagId = CycleFixture.queryLong("select id from delivery_flag where confirmation_id = ? and kind = 'DUPLICATE_PHOTO'",
                second);
        asCommune().contentType(ContentType.JSON).body(Map.of("resolution", "CLEARED", "note", "Cùng một hộ, hai người hưởng"))
                .post("/api/v1/deliveries/flags/" + flagId + "/review").then().statusCode(204);
        asCommune().contentType(ContentType.JSON).body(Map.of("resolution", "CONFIRMED", "note", "x"))
                .post("/api/v1/deliveries/flags/" + flagId + "/review").then().statusCode(409);
        assertThat(asAuditor().queryParam("limit", 500).get("/api/v1/deliveries/flags").then().statusCode(200)
                .extract().jsonPath().getList("flag.id", Long.class)).doesNotContain(flagId);
        // the database store: a photo row naming bytes that were never stored does not commit
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CycleFixture.sql("insert into delivery_photo (id, confirmation_id, "
                + "kind, position, media_type, size_bytes, width, height, sha256, store, storage_key) values (?, ?, 'PHOTO', 9, "
                + "'image/jpeg', 1, 1, 1, ?, 'postgres', 'evidence/never-stored')", UUID.randomUUID(), second, "a".repeat(64)))
                .hasStackTraceContaining("was not stored");
    }

    @Test
    public void theCashEachOfficerCarriesReconcilesWithTheirDeliveries() {
        UUID person = people.get(13);
        UUID delivery = deliveryOf.get(person);
        long amount = amountOf.get(person);
        String officer = "field-cash-98";
        assign(officer, List.of(person)).then().statusCode(200);
        UUID advance = UUID.randomUUID();
        Map<String, Object> adv = Map.of("id", advance.toString(), "cycleId", cycleId, "officer", officer, "kind", "ADVANCE",
                "amountVnd", amount + 300_000);
        asProvince().contentType(ContentType.JSON).body(adv).post("/api/v1/deliveries/custody").then().statusCode(201);
        asProvince().contentType(ContentType.JSON).body(adv).post("/api/v1/deliveries/custody").then().statusCode(200);
        confirm(officer, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amount), jpeg(91)).then().statusCode(201);
        asProvince().contentType(ContentType.JSON).body(Map.of("id", UUID.randomUUID().toString(), "cycleId", cycleId,
                "officer", officer, "kind", "RETURN", "amountVnd", 300_001)).post("/api/v1/deliveries/custody")
                .then().statusCode(422).body("heldVnd", org.hamcrest.Matchers.equalTo(300_000));
        JsonPath report = asProvince().contentType(ContentType.JSON).body(Map.of("id", UUID.randomUUID().toString(),
                "cycleId", cycleId, "officer", officer, "kind", "RETURN", "amountVnd", 300_000))
                .post("/api/v1/deliveries/custody").then().statusCode(201).extract().jsonPath();
        Map<String, Object> mine = report.getMap("officers.find { it.officer == '" + officer + "' }");
        assertThat(((Number) mine.get("advancedVnd")).longValue()).isEqualTo(amount + 300_000);
        assertThat(((Number) mine.get("deliveredVnd")).longValue()).isEqualTo(amount);
        assertThat(((Number) mine.get("returnedVnd")).longValue()).isEqualTo(300_000);
        assertThat(((Number) mine.get("heldVnd")).longValue()).isZero();
        assertThat(mine.get("settled")).isEqualTo(true);
        asSubject("prov-97", Roles.PROVINCE_OFFICER, "97").queryParam("cycleId", cycleId).get("/api/v1/deliveries/custody")
                .then().statusCode(403);
    }

    @Test
    public void aCarriedOverDeliveryLeavesTheListAndTakesNoLateConfirmation() {
        UUID person = people.get(12);
        UUID delivery = deliveryOf.get(person);
        String reference = CycleFixture.queryText("select c.code || '-' || l.line_no from home_delivery d "
                + "join payment_line l on l.id = d.line_id join payment_cycle c on c.id = d.cycle_id where d.id = ?", delivery);
        int lineNo = Integer.parseInt(reference.substring(reference.lastIndexOf('-') + 1));
        assertThat(approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "Vắng nhà cả tháng", "lineNos", List.of(lineNo)))
                .post("/api/v1/cycles/" + cycleId + "/carry-overs"), f.asReleaser()).getString("resultId")).startsWith("1 lines");
        assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", delivery)).isEqualTo("CANCELLED");
        confirm(OFFICER_A, AREA, delivery, body(UUID.randomUUID(), "DELIVERED", amountOf.get(person)), jpeg(95))
                .then().statusCode(409);
        assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation where delivery_id = ?", delivery)).isZero();
    }

    @Test
    public void aCycleDoesNotCloseWhileAnOfficerStillHoldsCash() {
        String officer = "field-holds-98";
        asProvince().contentType(ContentType.JSON).body(Map.of("id", UUID.randomUUID().toString(), "cycleId", cycleId,
                "officer", officer, "kind", "ADVANCE", "amountVnd", 123_000)).post("/api/v1/deliveries/custody")
                .then().statusCode(201);
        Response refused = f.asApprover().post("/api/v1/cycles/" + cycleId + "/closure");
        refused.then().statusCode(409);
        assertThat(refused.jsonPath().getList("blockers.code")).contains("CASH_HELD_BY_FIELD_OFFICERS");
        assertThat(refused.jsonPath().getLong("blockers.find { it.code == 'CASH_HELD_BY_FIELD_OFFICERS' }.amountVnd"))
                .isGreaterThanOrEqualTo(123_000L);
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String integrityFailures() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ansinh_evidence_integrity_failures_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(RestAssured.get("/q/metrics").asString());
        return m.find() ? m.group(1) : "none";
    }
}

package vn.ansinh.payout.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.client.ApiClient;
import vn.ansinh.payout.client.ApiException;
import vn.ansinh.payout.client.ApiResponse;
import vn.ansinh.payout.client.api.AreasApi;
import vn.ansinh.payout.client.api.AuditApi;
import vn.ansinh.payout.client.api.BeneficiariesApi;
import vn.ansinh.payout.client.api.HomeDeliveriesApi;
import vn.ansinh.payout.client.api.PaymentCyclesApi;
import vn.ansinh.payout.client.api.PaymentStatusApi;
import vn.ansinh.payout.client.api.ReferenceDataApi;
import vn.ansinh.payout.client.api.RegistrationsApi;
import vn.ansinh.payout.client.model.ApprovalRequest;
import vn.ansinh.payout.client.model.AreaLevel;
import vn.ansinh.payout.client.model.AuditChainVerification;
import vn.ansinh.payout.client.model.Beneficiary;
import vn.ansinh.payout.client.model.ConfirmationPosition;
import vn.ansinh.payout.client.model.Consent;
import vn.ansinh.payout.client.model.Delivery;
import vn.ansinh.payout.client.model.DeliveryAssignment;
import vn.ansinh.payout.client.model.DeliveryConfirmation;
import vn.ansinh.payout.client.model.DeliveryConfirmationRequest;
import vn.ansinh.payout.client.model.DeliveryDetail;
import vn.ansinh.payout.client.model.EntitlementInput;
import vn.ansinh.payout.client.model.NewArea;
import vn.ansinh.payout.client.model.NewBeneficiary;
import vn.ansinh.payout.client.model.NewStandardLevel;
import vn.ansinh.payout.client.model.StandardLevel;
import vn.ansinh.payout.client.model.StandardLevelCheck;
import vn.ansinh.payout.client.model.OpenCycleRequest;
import vn.ansinh.payout.client.model.Outcome;
import vn.ansinh.payout.client.model.PageAuditEntryView;
import vn.ansinh.payout.client.model.PaymentCycle;
import vn.ansinh.payout.client.model.PaymentMethodInput;
import vn.ansinh.payout.client.model.PaymentStatusRequest;
import vn.ansinh.payout.client.model.PaymentStatusAnswer;
import vn.ansinh.payout.client.model.PaymentStatusCodeRequest;
import vn.ansinh.payout.client.model.Problem;
import vn.ansinh.payout.client.model.Program;
import vn.ansinh.payout.client.model.Recipient;
import vn.ansinh.payout.client.model.Registration;
import vn.ansinh.payout.client.model.RegistrationRequest;
import vn.ansinh.payout.client.model.Sex;
import vn.ansinh.payout.client.model.VerificationDecision;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * The core flow as a frontend team meets it: only the Java client generated from the committed
 * {@code openapi/openapi.yaml} (openapi-generator, library okhttp-gson, as on Android), no hand-written
 * HTTP. A call that the generated client cannot make, or an answer it cannot read, is a defect of the
 * contract: fix the code's annotations, never this test. The client checks every answer strictly (a field
 * the contract does not declare is an error), so the schemas are held to what the service sends.
 *
 * <p>Province 77 (test-only) is set up through the API too: its communes, its standard level, a person.
 */
@QuarkusTest
class GeneratedClientFlowTest {

    private static final String PROVINCE = "77";
    private static final String COMMUNE = "77001";
    private static final String FIELD_OFFICER = "field-77";
    private static final LocalDate DOB = LocalDate.of(1949, 3, 15);

    @TestHTTPResource("/")
    java.net.URL service;

    private ApiClient as(String subject, String role, String... areas) {
        ApiClient client = anonymous();
        client.setBearerToken(Tokens.forSubject(subject, role, areas));
        return client;
    }

    private ApiClient anonymous() {
        ApiClient client = new ApiClient();
        client.setBasePath(service.toString().replaceAll("/$", ""));
        return client;
    }

    @Test
    void theCoreFlowRunsThroughTheGeneratedClientAlone() throws Exception {
        try {
            coreFlow();
        } finally {
            TestClock.reset();
        }
    }

    private void coreFlow() throws Exception {
        YearMonth month = TestClock.month();
        YearMonth paidMonth = month.plusMonths(1); // a payment method verified now is in force from next month

        // reference data: the province, a commune, its standard level
        AreasApi areas = new AreasApi(as("admin-77", Roles.ADMIN));
        assertThat(areas.createArea(new NewArea().code(PROVINCE).name("Tỉnh Thử Nghiệm 77").level(AreaLevel.PROVINCE)
                .unitType("province").validFrom(LocalDate.of(2025, 7, 1))).getCode()).isEqualTo(PROVINCE);
        assertThat(areas.createArea(new NewArea().code(COMMUNE).name("Xã Thử 77-1").level(AreaLevel.COMMUNE)
                .unitType("commune").parentCode(PROVINCE).validFrom(LocalDate.of(2025, 7, 1))).getParentCode())
                .isEqualTo(PROVINCE);
        // entered by one province officer, in force once a second one approves it
        StandardLevel entered = new ReferenceDataApi(as("province-77-gen", Roles.PROVINCE_OFFICER, PROVINCE))
                .createStandardLevel(new NewStandardLevel().provinceCode(PROVINCE).program(Program.SOCIAL_ASSISTANCE)
                        .effectiveFrom(month.toString()).amountVnd(500_000L).decisionRef("Nghị định 76/2024/NĐ-CP"));
        assertThat(entered.getState()).isEqualTo(StandardLevel.StateEnum.PENDING_CHECK);
        assertThat(new ReferenceDataApi(as("province-77-appr", Roles.PROVINCE_OFFICER, PROVINCE))
                .checkStandardLevel(entered.getId(), new StandardLevelCheck().decision(StandardLevelCheck.DecisionEnum.APPROVE))
                .getState()).isEqualTo(StandardLevel.StateEnum.APPROVED);

        // the commune records the person and their entitlement
        String nationalId = "051149006171"; // a woman born in 1949 in Quảng Ngãi (the simulated registry matches it)
        Beneficiary person = new BeneficiariesApi(as("commune-77-a", Roles.COMMUNE_OFFICER, COMMUNE))
                .createBeneficiary(new NewBeneficiary().nationalId(nationalId).fullName("Phạm Thị Hoa").dateOfBirth(DOB)
                        .sex(Sex.FEMALE).communeCode(COMMUNE).addressLine("Thôn 2").mobility(NewBeneficiary.MobilityEnum.CANNOT_TRAVEL)
                        .addEntitlementsItem(new EntitlementInput().program(Program.SOCIAL_ASSISTANCE).categoryCode("K5b")
                                .decisionNumber("QĐ-77-01").decisionDate(LocalDate.of(2026, 1, 5)).startMonth("2026-01")));

        // a field officer registers payment at home from the phone; the phone sends it twice (lost answer)
        RegistrationsApi phone = new RegistrationsApi(as(FIELD_OFFICER, Roles.FIELD_OFFICER, COMMUNE));
        RegistrationRequest registration = new RegistrationRequest().id(UUID.randomUUID()).beneficiaryId(person.getId())
                .paymentMethod(new PaymentMethodInput().method(PaymentMethodInput.MethodEnum.HOME_DELIVERY).homeDeliveryReason("Nằm liệt giường")
                        .declinedAccountReason("Không tự đi rút tiền được"))
                .consent(new Consent().kind(Consent.KindEnum.VERBAL_WITH_WITNESS).witnessName("Trưởng thôn"))
                .deviceTime(TestClock.offset().minusMinutes(20));
        ApiResponse<Registration> first = phone.submitRegistrationWithHttpInfo(registration);
        ApiResponse<Registration> again = phone.submitRegistrationWithHttpInfo(registration);
        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData().getSubmittedAt()).isEqualTo(first.getData().getSubmittedAt());

        // the commune verifies it (a different person from the one who captured it)
        RegistrationsApi commune = new RegistrationsApi(as("commune-77-a", Roles.COMMUNE_OFFICER, COMMUNE));
        assertThat(commune.previewRegistrationChecks(registration.getId()).getPassed()).isTrue();
        Registration verified = commune.decideRegistration(registration.getId(), new VerificationDecision().decision(VerificationDecision.DecisionEnum.VERIFIED));
        assertThat(verified.getState()).isEqualTo(Registration.StateEnum.VERIFIED);

        // next month's cycle: generated by one province officer, approved by a second, released by a third
        PaymentCycle opened = new PaymentCyclesApi(as("province-77-gen", Roles.PROVINCE_OFFICER, PROVINCE))
                .openCycle(new OpenCycleRequest().provinceCode(PROVINCE).program(OpenCycleRequest.ProgramEnum.SOCIAL_ASSISTANCE).month(paidMonth.toString()));
        assertThat(opened.getLineCount()).isEqualTo(1);
        PaymentCyclesApi approver = new PaymentCyclesApi(as("province-77-appr", Roles.PROVINCE_OFFICER, PROVINCE));
        PaymentCycle approved = approver.approveCycle(opened.getId(), new ApprovalRequest().linesSha256(opened.getLinesSha256()));
        assertThat(approved.getApprovedBy()).isEqualTo("province-77-appr");
        PaymentCycle released = new PaymentCyclesApi(as("province-77-rel", Roles.PROVINCE_OFFICER, PROVINCE))
                .releaseCycle(opened.getId());
        assertThat(released.getStatus()).hasToString("DISBURSING");

        // the month of payment comes; the commune assigns the home delivery to the field officer
        TestClock.set(paidMonth.atDay(5).atTime(8, 0).atZone(TestClock.ZONE).toInstant());
        DeliveryAssignment assignment = new DeliveryAssignment().cycleId(opened.getId()).communeCode(COMMUNE)
                .officer(FIELD_OFFICER);
        assertThat(new HomeDeliveriesApi(as("commune-77-a", Roles.COMMUNE_OFFICER, COMMUNE)).assignDeliveries(assignment)
                .getAssigned()).isEqualTo(1);

        // the field officer's phone lists its deliveries and opens one
        HomeDeliveriesApi field = new HomeDeliveriesApi(as(FIELD_OFFICER, Roles.FIELD_OFFICER, COMMUNE));
        List<Delivery> mine = field.listDeliveries(null, null, null, opened.getId(), null, null);
        assertThat(mine).hasSize(1);
        Delivery delivery = mine.get(0);
        assertThat(delivery.getMonth()).isEqualTo(paidMonth.toString());
        DeliveryDetail detail = field.getDelivery(delivery.getId());
        assertThat(detail.getDelivery().getAmountVnd()).isEqualTo(delivery.getAmountVnd()).isPositive();

        // delivered, with two photos; the phone sends the same confirmation again
        DeliveryConfirmationRequest handedOver = new DeliveryConfirmationRequest().confirmationId(UUID.randomUUID())
                .outcome(Outcome.DELIVERED).recipient(Recipient.BENEFICIARY).amountVnd(delivery.getAmountVnd())
                .capturedAt(TestClock.offset().minusMinutes(5)).deviceSentAt(TestClock.offset())
                .position(new ConfirmationPosition().latitude(15.12).longitude(108.8).accuracyM(8.0));
        List<File> photos = List.of(photo(61), photo(62));
        ApiResponse<DeliveryConfirmation> recorded = field.confirmDeliveryWithHttpInfo(delivery.getId(), handedOver, photos, null);
        ApiResponse<DeliveryConfirmation> replayed = field.confirmDeliveryWithHttpInfo(delivery.getId(), handedOver, photos, null);
        assertThat(recorded.getStatusCode()).isEqualTo(201);
        assertThat(recorded.getData().getPhotos()).hasSize(2);
        assertThat(replayed.getStatusCode()).isEqualTo(200);
        assertThat(replayed.getData().getId()).isEqualTo(recorded.getData().getId());
        assertThat(field.getDelivery(delivery.getId()).getDelivery().getStatus()).isEqualTo(Delivery.StatusEnum.DELIVERED);

        // the person (or anyone who knows the ID and date of birth) looks the payment up; a wrong date is no match
        PaymentStatusApi lookup = new PaymentStatusApi(anonymous());
        PaymentStatusAnswer status = lookup.lookUpPaymentStatus(new PaymentStatusRequest().nationalId(nationalId).dateOfBirth(DOB));
        assertThat(status.getTier()).hasToString("BASIC");
        assertThat(status.getBeneficiaries()).hasSize(1);
        assertThat(status.getBeneficiaries().get(0).getMonths()).first()
                .satisfies(m -> assertThat(m.getMonth()).isEqualTo(paidMonth.toString()))
                .satisfies(m -> assertThat(m.getStatus()).hasToString("PAID"));
        assertThatThrownBy(() -> lookup.lookUpPaymentStatus(new PaymentStatusRequest().nationalId(nationalId)
                .dateOfBirth(DOB.plusDays(1))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    Problem problem = anonymous().getJSON().deserialize(e.getResponseBody(), Problem.class);
                    assertThat(problem.getCode()).isEqualTo("NOT_FOUND");
                });
        // a code for the detail tier: the same 202 whether or not one was sent
        assertThat(lookup.requestPaymentStatusCode(new PaymentStatusCodeRequest().nationalId(nationalId).dateOfBirth(DOB))
                .getExpiresInSeconds()).isEqualTo(300L);

        // the auditor reads what happened to the person, and verifies the chain
        AuditApi audit = new AuditApi(as("auditor-77", Roles.AUDITOR, PROVINCE));
        PageAuditEntryView trail = audit.listAuditEntries(null, null, person.getId().toString(), null, null, 0, 50, null);
        assertThat(trail.getItems()).extracting(e -> e.getAction()).contains("BENEFICIARY_CREATED", "PAYMENT_METHOD_CHANGED");
        AuditChainVerification chain = audit.verifyAuditChain();
        assertThat(chain.getIntact()).isTrue();
    }

    private static File photo(long seed) throws Exception {
        Path file = Files.createTempFile("handover-" + seed + "-", ".jpg");
        Files.write(file, TestImages.jpeg(800, 600, seed));
        file.toFile().deleteOnExit();
        return file.toFile();
    }
}

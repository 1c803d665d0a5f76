package vn.ansinh.payout.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * How a beneficiary is paid (phương thức chi trả) over a run of months. At most one open row
 * (no end month) per beneficiary; history is kept, never overwritten.
 */
@Entity
@Table(name = "payment_method")
public class PaymentMethod extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "beneficiary_id")
    public UUID beneficiaryId;

    public String method;

    @Column(name = "bank_bin")
    public String bankBin;

    @Column(name = "account_number")
    public String accountNumber;

    @Column(name = "account_holder_name")
    public String accountHolderName;

    @Column(name = "wallet_provider")
    public String walletProvider;

    @Column(name = "wallet_account")
    public String walletAccount;

    @Column(name = "payment_point_id")
    public UUID paymentPointId;

    @Column(name = "home_delivery_reason")
    public String homeDeliveryReason;

    /** Why the person declined an account (cash at the point or at home): the written reason the plans require. */
    @Column(name = "declined_account_reason")
    public String declinedAccountReason;

    @Column(name = "representative_id")
    public UUID representativeId;

    @Column(name = "effective_from_month")
    public LocalDate effectiveFromMonth;

    @Column(name = "effective_to_month")
    public LocalDate effectiveToMonth;

    @Column(name = "registration_id")
    public UUID registrationId;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}

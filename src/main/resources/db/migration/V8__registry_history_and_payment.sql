-- Status history, representatives, banks and payment methods of the registry (domain.md §2–3, §5).
-- History is never overwritten: a status change, a new representative or a new payment method is a
-- new row; the previous one gets an end.

create table beneficiary_status_change (
    id              uuid primary key,
    beneficiary_id  uuid not null references beneficiary (id),
    from_status     text not null,
    to_status       text not null,
    reason          text not null,
    effective_month date not null,
    note            text,
    decided_by      text not null,
    recorded_at     timestamptz not null default now(),
    constraint status_change_statuses check (from_status in ('ACTIVE', 'SUSPENDED', 'ENDED')
        and to_status in ('ACTIVE', 'SUSPENDED', 'ENDED') and from_status <> to_status),
    constraint status_change_reason check (
        (to_status = 'SUSPENDED' and reason in ('NOT_COLLECTED_3_MONTHS', 'REASSESSMENT', 'OTHER'))
        or (to_status = 'ENDED' and reason in ('DEATH', 'LOSS_OF_ELIGIBILITY', 'REFUSAL', 'MOVED_OUT',
                                              'PRISON_SENTENCE', 'FAILED_REASSESSMENT'))
        or (to_status = 'ACTIVE' and reason in ('RESUMED'))),
    constraint status_change_month check (extract(day from effective_month) = 1)
);

create index status_change_beneficiary_idx on beneficiary_status_change (beneficiary_id, recorded_at);

-- A guardian (người giám hộ) or authorized person (người được ủy quyền) who may receive for the
-- beneficiary once the commune has confirmed the authorization, within its validity.
create table representative (
    id                uuid primary key,
    beneficiary_id    uuid not null references beneficiary (id),
    kind              text not null,
    national_id       text not null,
    full_name         text not null,
    name_folded       text generated always as (fold_vn(full_name)) stored,
    phone_e164        text,
    relationship      text not null,
    valid_from        date not null,
    valid_to          date,
    authorization_ref text not null,
    confirmed_by      text,
    confirmed_at      timestamptz,
    created_at        timestamptz not null default now(),
    constraint representative_kind check (kind in ('GUARDIAN', 'AUTHORIZED')),
    constraint representative_national_id check (national_id ~ '^0[0-9]{11}$'),
    constraint representative_phone check (phone_e164 is null or phone_e164 ~ '^\+84[0-9]{9}$'),
    constraint representative_validity check (valid_to is null or valid_to >= valid_from),
    constraint representative_confirmation check ((confirmed_by is null) = (confirmed_at is null))
);

create index representative_beneficiary_idx on representative (beneficiary_id);
create index representative_national_id_idx on representative (national_id);

-- Banks by NAPAS BIN (reference data, managed by admins).
create table bank (
    bin        text primary key,
    short_name text not null,
    name       text not null,
    active     boolean not null default true,
    constraint bank_bin_format check (bin ~ '^[0-9]{6}$')
);

insert into bank (bin, short_name, name) values
    ('970405', 'Agribank', 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam'),
    ('970436', 'Vietcombank', 'Ngân hàng TMCP Ngoại thương Việt Nam'),
    ('970415', 'VietinBank', 'Ngân hàng TMCP Công Thương Việt Nam'),
    ('970418', 'BIDV', 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam'),
    ('970416', 'ACB', 'Ngân hàng TMCP Á Châu'),
    ('970422', 'MB', 'Ngân hàng TMCP Quân đội'),
    ('970449', 'LPBank', 'Ngân hàng TMCP Lộc Phát Việt Nam'),
    ('970425', 'ABBANK', 'Ngân hàng TMCP An Bình');

-- The payment method in force for each month: one open row per beneficiary (effective_to_month null).
-- A verified registration ends the current row with the current month and opens a new one from the
-- next month, so the method in force for a cycle never changes under it.
create table payment_method (
    id                   uuid primary key,
    beneficiary_id       uuid not null references beneficiary (id),
    method               text not null,
    bank_bin             text references bank (bin),
    account_number       text,
    account_holder_name  text,
    wallet_provider      text,
    wallet_account       text,
    payment_point_id     uuid,
    home_delivery_reason text,
    representative_id    uuid references representative (id),
    effective_from_month date not null,
    effective_to_month   date,
    registration_id      uuid,
    created_at           timestamptz not null default now(),
    constraint payment_method_kind check (method in ('BANK_ACCOUNT', 'E_WALLET', 'CASH_AT_POINT', 'HOME_DELIVERY')),
    constraint payment_method_fields check (
        (method = 'BANK_ACCOUNT' and bank_bin is not null and account_number ~ '^[0-9]{6,19}$'
            and account_holder_name is not null)
        or (method = 'E_WALLET' and wallet_provider is not null and wallet_account is not null)
        or (method = 'CASH_AT_POINT')
        or (method = 'HOME_DELIVERY' and home_delivery_reason is not null)),
    constraint payment_method_months check (extract(day from effective_from_month) = 1
        -- a row superseded before it took effect ends the month before it would have started
        and (effective_to_month is null or effective_to_month >= effective_from_month - interval '1 month'))
);

create unique index payment_method_one_open on payment_method (beneficiary_id) where effective_to_month is null;
create index payment_method_account_idx on payment_method (bank_bin, account_number) where method = 'BANK_ACCOUNT';
create index payment_method_wallet_idx on payment_method (wallet_provider, wallet_account) where method = 'E_WALLET';

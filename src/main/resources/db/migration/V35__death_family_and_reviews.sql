-- Death (Nghị định 20/2021/NĐ-CP Điều 11; Thông tư 02/2021/TT-BLĐTBXH Điều 2): what a deceased person was owed
-- goes to the family, by the channel the family chooses; funeral support is a multiple of the standard level
-- that each province sets (at least 20); a death reported at a home delivery opens a review for the commune.

-- The funeral multiple is part of a province's level decision: null keeps the configured default (20).
alter table standard_level add column funeral_multiple smallint;
alter table standard_level add constraint standard_level_funeral_multiple
    check (funeral_multiple is null or funeral_multiple between 20 and 200);

-- Who receives for the family of a deceased beneficiary (the representative, or the person arranging the
-- funeral) and how: transfer to their account or cash at a payment point of the commune. It changes who is
-- paid, so one officer records it and another approves it; only an approved row routes money.
create table family_payee (
    id                uuid primary key,
    beneficiary_id    uuid not null references beneficiary (id),
    commune_code      text not null references area (code),
    payee_kind        text not null,
    representative_id uuid references representative (id),
    full_name         text not null,
    national_id       text not null,
    relationship      text not null,
    channel           text not null,
    bank_bin          text references bank (bin),
    account_number    text,
    wallet_provider   text,
    wallet_account    text,
    payment_point_id  uuid references payment_point (id),
    -- the account written as a payment method (never in force for the regular payroll) once approved
    payment_method_id uuid references payment_method (id),
    reason            text not null,
    state             text not null default 'PENDING_CHECK',
    requested_by      text not null,
    requested_at      timestamptz not null,
    checked_by        text,
    checked_at        timestamptz,
    check_note        text,
    constraint family_payee_kind check (payee_kind in ('REPRESENTATIVE', 'FUNERAL_ARRANGER')
        and (payee_kind = 'FUNERAL_ARRANGER' or representative_id is not null)),
    constraint family_payee_national_id check (national_id ~ '^0[0-9]{11}$'),
    constraint family_payee_text check (btrim(full_name) <> '' and btrim(relationship) <> '' and btrim(reason) <> ''),
    constraint family_payee_channel check (
        (channel = 'BANK_ACCOUNT' and bank_bin is not null and account_number ~ '^[0-9]{6,19}$')
        or (channel = 'E_WALLET' and wallet_provider is not null and wallet_account ~ '^[0-9A-Za-z.@+_-]{4,64}$')
        or (channel = 'CASH_AT_POINT')),
    constraint family_payee_state check (state in ('PENDING_CHECK', 'APPROVED', 'REJECTED')),
    constraint family_payee_checked check ((state = 'PENDING_CHECK') = (checked_by is null)
        and (checked_by is null) = (checked_at is null)),
    constraint family_payee_four_eyes check (checked_by <> requested_by),
    constraint family_payee_account_written check (state <> 'APPROVED' or channel = 'CASH_AT_POINT' or payment_method_id is not null)
);
create unique index family_payee_one_pending on family_payee (beneficiary_id) where state = 'PENDING_CHECK';
create index family_payee_beneficiary_idx on family_payee (beneficiary_id, checked_at) where state = 'APPROVED';
create trigger family_payee_never_deleted before delete on family_payee for each row execute function refuse_change();

-- A status the commune must look at: a field officer found the beneficiary deceased at a home delivery.
-- The commune decides through a status change (maker-checker); the review only tells them to.
create table status_review (
    id              uuid primary key,
    beneficiary_id  uuid not null references beneficiary (id),
    commune_code    text not null references area (code),
    reason          text not null,
    delivery_id     uuid not null references home_delivery (id),
    confirmation_id uuid not null references delivery_confirmation (id),
    opened_by       text not null,
    opened_at       timestamptz not null,
    constraint status_review_reason check (reason in ('REPORTED_DECEASED')),
    constraint status_review_once unique (delivery_id, reason)
);
create index status_review_commune_idx on status_review (commune_code, opened_at);
create trigger status_review_append_only before update or delete on status_review for each row execute function refuse_change();

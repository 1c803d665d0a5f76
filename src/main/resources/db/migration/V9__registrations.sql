-- Field registrations of payment method and account data, submitted from phones that are often
-- offline. The phone generates the id, so a resent registration (lost response, app restart, offline
-- queue replay) meets its first copy: the primary key makes the first one win, and payload_hash tells
-- a faithful repeat (same result) from a different payload under a used id (409).
create table registration (
    id               uuid primary key,
    payload_hash     text not null,
    payload          jsonb not null,
    state            text not null default 'SUBMITTED',
    commune_code     text not null references area (code),
    beneficiary_id   uuid references beneficiary (id),
    method           text not null,
    submitted_by     text not null,
    submitted_at     timestamptz not null default now(),
    device_time      timestamptz not null,
    latitude         double precision,
    longitude        double precision,
    gps_accuracy_m   double precision,
    checks           jsonb,
    decided_by       text,
    decided_at       timestamptz,
    decision_reasons text[],
    version          bigint not null default 0,
    constraint registration_state check (state in ('SUBMITTED', 'VERIFIED', 'NEEDS_DOCUMENTS', 'REJECTED')),
    constraint registration_method check (method in ('BANK_ACCOUNT', 'E_WALLET', 'CASH_AT_POINT', 'HOME_DELIVERY')),
    constraint registration_hash check (payload_hash ~ '^[0-9a-f]{64}$'),
    constraint registration_gps check ((latitude is null) = (longitude is null)
        and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180))),
    constraint registration_decision check ((state = 'SUBMITTED') = (decided_by is null))
);

create index registration_worklist_idx on registration (commune_code, state, submitted_at);
create index registration_beneficiary_idx on registration (beneficiary_id);

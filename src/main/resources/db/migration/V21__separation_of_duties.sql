-- Maker-checker (docs/architecture.md, "Separation of duties"): every step that can change who receives
-- money or how much is made by one person and checked by another. The service refuses a checker who is
-- the maker (SeparationOfDuties); these constraints refuse it again wherever a row names both.

-- A change waiting for its check. It takes effect (its rows are written to the registry or the cycle)
-- only when a different person approves it, so nothing pending can reach a payroll.
create table change_request (
    id           uuid primary key,
    kind         text not null,
    entity_type  text not null,
    entity_id    text not null,
    area_code    text not null references area (code),
    payload      jsonb not null,
    summary      jsonb not null,
    state        text not null default 'PENDING_CHECK',
    made_by      text not null,
    made_at      timestamptz not null default now(),
    checked_by   text,
    checked_at   timestamptz,
    check_note   text,
    result_id    text,
    constraint change_request_kind check (kind in ('STATUS_CHANGE', 'MOVE', 'REPRESENTATIVE', 'REROUTE', 'CARRY_OVER')),
    constraint change_request_state check (state in ('PENDING_CHECK', 'APPLIED', 'REJECTED')),
    constraint change_request_checked check ((state = 'PENDING_CHECK') = (checked_by is null)
        and (checked_by is null) = (checked_at is null)),
    constraint change_request_four_eyes check (checked_by <> made_by)
);

create index change_request_pending_idx on change_request (area_code, made_at) where state = 'PENDING_CHECK';
create index change_request_entity_idx on change_request (entity_type, entity_id);
-- one pending change of a kind per thing: a second one waits until the first is checked
create unique index change_request_one_pending on change_request (kind, entity_type, entity_id) where state = 'PENDING_CHECK';

-- The rows a checked change writes name their checker, who is never their maker.
alter table beneficiary_status_change add column checked_by text;
alter table beneficiary_status_change add constraint status_change_four_eyes check (checked_by <> decided_by);
alter table beneficiary_move add column checked_by text;
alter table beneficiary_move add constraint beneficiary_move_four_eyes check (checked_by <> decided_by);
alter table representative add column requested_by text;
alter table representative add constraint representative_four_eyes check (requested_by <> confirmed_by);
alter table payment_reroute add column checked_by text;
alter table payment_reroute add constraint payment_reroute_four_eyes check (checked_by <> decided_by);
alter table payment_carry_over add column checked_by text;
alter table payment_carry_over add constraint payment_carry_over_four_eyes check (checked_by <> decided_by);

-- A registration (a new or changed payment method or representative) is decided by someone other than
-- the officer who captured it.
alter table registration add constraint registration_four_eyes check (decided_by <> submitted_by);

-- Whoever approved a payroll does not also release it to the provider.
alter table payment_cycle add constraint payment_cycle_release_four_eyes check (released_by <> approved_by);

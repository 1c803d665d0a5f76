-- Dated rates: standard levels and category coefficients are effective-dated and a change never rewrites a
-- month already paid. A level may be decided after the month it applies from (a resolution in August that
-- applies from July): the next payroll pays the difference for the months already paid as LEVEL_DIFFERENCE
-- lines (truy lĩnh chênh lệch). Entering a level or a coefficient changes how much people are paid, so one
-- person enters it and another approves it; payrolls read approved rows only.

-- Standard levels: a state, and the checker, who is never the maker. Rows of the migrations (the law's
-- levels) are approved as written.
alter table standard_level add column state text not null default 'APPROVED';
alter table standard_level add column checked_by text;
alter table standard_level add column checked_at timestamptz;
alter table standard_level add column check_note text;
-- entered after the month it starts from: the next payroll pays the difference for the months already paid
alter table standard_level add column retroactive boolean not null default false;
alter table standard_level add constraint standard_level_state check (state in ('PENDING_CHECK', 'APPROVED', 'REJECTED'));
alter table standard_level add constraint standard_level_checked check (
    (state = 'PENDING_CHECK' and checked_by is null and checked_at is null)
    or (state <> 'PENDING_CHECK' and ((checked_by is not null and checked_at is not null) or created_by = 'migration')));
alter table standard_level add constraint standard_level_four_eyes check (checked_by <> created_by);
alter table standard_level drop constraint standard_level_unique;
create unique index standard_level_once on standard_level (province_code, program, effective_from) where state <> 'REJECTED';

create or replace function standard_level_guard() returns trigger language plpgsql as $$
begin
    if new.amount_vnd <> old.amount_vnd or new.province_code <> old.province_code or new.program <> old.program
       or new.effective_from <> old.effective_from or new.created_by <> old.created_by
       or new.funeral_multiple is distinct from old.funeral_multiple
       or new.retroactive <> old.retroactive or old.state <> 'PENDING_CHECK' then
        raise exception 'standard_level % is decided or its content is fixed', old.id using errcode = '23514';
    end if;
    return new;
end $$;
create trigger standard_level_decided_once before update on standard_level for each row execute function standard_level_guard();
create trigger standard_level_never_deleted before delete on standard_level for each row execute function refuse_change();

-- Coefficients: each set of a category applies from a month until the next set; the payroll takes, for each
-- month, the set with the latest start not after it. The law's set applies from Nghị định 20's start.
alter table coefficient_rule add column effective_from date not null default date '2021-07-01';
alter table coefficient_rule add column change_id uuid;
alter table coefficient_rule add constraint coefficient_rule_first_of_month check (extract(day from effective_from) = 1);
alter table coefficient_rule drop constraint coefficient_rule_unique;
create unique index coefficient_rule_once on coefficient_rule (program, category_code, variant, min_age, max_age, effective_from)
    nulls not distinct;
create index coefficient_rule_in_force_idx on coefficient_rule (program, category_code, effective_from);
create trigger coefficient_rule_never_changed before update or delete on coefficient_rule for each row execute function refuse_change();

-- A new coefficient set waiting for its check; approved, its rows are written to coefficient_rule.
create table coefficient_change (
    id             uuid primary key,
    program        text not null,
    category_code  text not null,
    effective_from date not null,
    coefficients   jsonb not null,
    decision_ref   text not null,
    state          text not null default 'PENDING_CHECK',
    requested_by   text not null,
    requested_at   timestamptz not null,
    checked_by     text,
    checked_at     timestamptz,
    check_note     text,
    foreign key (program, category_code) references allowance_category (program, code),
    constraint coefficient_change_month check (extract(day from effective_from) = 1),
    constraint coefficient_change_ref check (btrim(decision_ref) <> ''),
    constraint coefficient_change_state check (state in ('PENDING_CHECK', 'APPROVED', 'REJECTED')),
    constraint coefficient_change_checked check ((state = 'PENDING_CHECK') = (checked_by is null)
        and (checked_by is null) = (checked_at is null)),
    constraint coefficient_change_four_eyes check (checked_by <> requested_by)
);
create unique index coefficient_change_once on coefficient_change (program, category_code, effective_from) where state <> 'REJECTED';

-- The difference owed for a month already paid when a level is decided retroactively: one line per paid
-- line and level, naming the line it completes.
alter table payment_line drop constraint payment_line_kind;
alter table payment_line add constraint payment_line_kind
    check (kind in ('REGULAR', 'ARREARS', 'ADJUSTMENT', 'FUNERAL', 'CARRY_OVER', 'LEVEL_DIFFERENCE'));
alter table payment_line drop constraint payment_line_shape;
alter table payment_line add constraint payment_line_shape check (
    (kind in ('REGULAR', 'ARREARS') and entitlement_id is not null and coefficient is not null and standard_level_vnd is not null)
    or (kind = 'ADJUSTMENT' and adjustment_id is not null)
    or (kind = 'CARRY_OVER' and source_line_id is not null)
    or (kind = 'FUNERAL' and standard_level_vnd is not null)
    or (kind = 'LEVEL_DIFFERENCE' and entitlement_id is not null and coefficient is not null and standard_level_vnd is not null
        and source_line_id is not null));
drop index payment_line_carried_once;
create unique index payment_line_carried_once on payment_line (source_line_id) where kind = 'CARRY_OVER';
create unique index payment_line_level_difference_once on payment_line (source_line_id, standard_level_vnd)
    where kind = 'LEVEL_DIFFERENCE';

-- Provincial levels that can be sourced (domain.md §1). Hải Dương (legacy province 30, merged into Hải Phòng
-- on 2025-07-01) paid 550,000 VND from 2024-08-01; loaded where the legacy province is in the area tree.
insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref)
select '30', 'SOCIAL_ASSISTANCE', date '2024-08-01', 550000, 'Nghị quyết HĐND tỉnh Hải Dương (mức chuẩn 550.000 đ từ 01/8/2024)'
where exists (select 1 from area where code = '30')
on conflict do nothing;

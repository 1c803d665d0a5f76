-- Monthly payment cycles (kỳ chi trả) and their payroll (danh sách chi trả), domain.md §2–3.
-- A cycle is one province, one program, one month. Its lines are a sealed snapshot: written by
-- generation while the cycle is DRAFT or GENERATED, never changed afterwards. What happens to a line
-- later (paid, failed, re-routed, carried over) is recorded in append-only tables beside it.

-- Commune cash payment points (điểm chi trả) and the days of the month they pay.
create table payment_point (
    id           uuid primary key,
    commune_code text not null references area (code),
    name         text not null,
    address      text not null,
    first_day    smallint not null,
    last_day     smallint not null,
    opening_hours text not null,
    active       boolean not null default true,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    constraint payment_point_days check (first_day between 1 and 28 and last_day between first_day and 28),
    constraint payment_point_name check (btrim(name) <> '' and btrim(address) <> '')
);
create index payment_point_commune_idx on payment_point (commune_code) where active;

create table payment_cycle (
    id                  uuid primary key,
    -- the cycle's stable short name, the prefix of every line's reference: C51SA202612
    code                text not null unique,
    province_code       text not null references area (code),
    program             text not null,
    month               date not null,
    status              text not null default 'DRAFT',
    created_by          text not null,
    created_at          timestamptz not null default now(),
    generated_by        text,
    generated_at        timestamptz,
    approved_by         text,
    approved_at         timestamptz,
    released_by         text,
    released_at         timestamptz,
    closed_by           text,
    closed_at           timestamptz,
    line_count          int,
    total_amount_vnd    bigint,
    lines_sha256        text,
    disbursement_count  int,
    disbursement_amount_vnd bigint,
    disbursement_csv_sha256  text,
    disbursement_json_sha256 text,
    version             bigint not null default 0,
    constraint payment_cycle_once unique (province_code, program, month),
    constraint payment_cycle_program check (program in ('SOCIAL_ASSISTANCE', 'SOCIAL_PENSION', 'MERIT')),
    constraint payment_cycle_month check (extract(day from month) = 1),
    constraint payment_cycle_status check (status in ('DRAFT', 'GENERATED', 'APPROVED', 'DISBURSING', 'CLOSED')),
    -- each state carries who brought the cycle there
    constraint payment_cycle_generated check (status = 'DRAFT' or (generated_by is not null and generated_at is not null
        and line_count is not null and total_amount_vnd is not null and lines_sha256 is not null)),
    constraint payment_cycle_approved check (status in ('DRAFT', 'GENERATED') or (approved_by is not null and approved_at is not null)),
    constraint payment_cycle_released check (status not in ('DISBURSING', 'CLOSED') or (released_by is not null
        and disbursement_csv_sha256 is not null and disbursement_json_sha256 is not null)),
    constraint payment_cycle_closed check (status <> 'CLOSED' or (closed_by is not null and closed_at is not null)),
    -- four eyes: whoever generated the payroll does not approve it
    constraint payment_cycle_four_eyes check (approved_by is null or approved_by <> generated_by)
);

create table payment_cycle_transition (
    id          bigint generated always as identity primary key,
    cycle_id    uuid not null references payment_cycle (id),
    from_status text,
    to_status   text not null,
    actor       text not null,
    at          timestamptz not null default now(),
    note        text
);
create index payment_cycle_transition_cycle_idx on payment_cycle_transition (cycle_id, id);

-- Control totals, by channel, by commune and by kind of line, written with the lines.
create table payment_cycle_total (
    cycle_id   uuid not null references payment_cycle (id),
    dimension  text not null,
    key        text not null,
    line_count int not null,
    amount_vnd bigint not null,
    primary key (cycle_id, dimension, key),
    constraint payment_cycle_total_dimension check (dimension in ('CHANNEL', 'COMMUNE', 'KIND', 'ALL'))
);

-- A correction with a reason (điều chỉnh), paid by the next cycle generated for the person's program.
create table payment_adjustment (
    id             uuid primary key,
    beneficiary_id uuid not null references beneficiary (id),
    program        text not null,
    for_month      date not null,
    amount_vnd     bigint not null,
    reason         text not null,
    requested_by   text not null,
    requested_at   timestamptz not null default now(),
    constraint payment_adjustment_amount check (amount_vnd > 0 and amount_vnd < 1000000000),
    constraint payment_adjustment_reason check (btrim(reason) <> ''),
    constraint payment_adjustment_month check (extract(day from for_month) = 1),
    constraint payment_adjustment_program check (program in ('SOCIAL_ASSISTANCE', 'SOCIAL_PENSION', 'MERIT'))
);
create index payment_adjustment_beneficiary_idx on payment_adjustment (beneficiary_id);

-- The references of a line (cycle, beneficiary, commune, entitlement, payment method, representative,
-- payment point, carried-over line, adjustment) are checked once per statement by the trigger below,
-- with set-based anti-joins, instead of by per-row foreign-key triggers: those cost about 25 s of a
-- million-line payroll, the statement check about a second. The referenced registry rows are history
-- and are never deleted (see the delete guards below), so the check at insert is the whole guarantee.
create table payment_line (
    id                 bigint generated always as identity primary key,
    cycle_id           uuid not null,
    line_no            int not null,
    beneficiary_id     uuid not null,
    commune_code       text not null,
    kind               text not null,
    -- the month the money is for: the cycle's month, an earlier one for arrears and carry-over
    for_month          date not null,
    entitlement_id     uuid,
    category_code      text,
    coefficient        numeric(6, 2),
    standard_level_vnd bigint,
    amount_vnd         bigint not null,
    channel            text not null,
    recipient_kind     text not null,
    payment_method_id  uuid,
    representative_id  uuid,
    payment_point_id   uuid,
    source_line_id     bigint,
    adjustment_id      uuid,
    note               text,
    constraint payment_line_number unique (cycle_id, line_no),
    constraint payment_line_kind check (kind in ('REGULAR', 'ARREARS', 'ADJUSTMENT', 'FUNERAL', 'CARRY_OVER')),
    constraint payment_line_amount check (amount_vnd > 0),
    constraint payment_line_channel check (channel in ('BANK_ACCOUNT', 'E_WALLET', 'CASH_AT_POINT', 'HOME_DELIVERY')),
    constraint payment_line_recipient check (recipient_kind in ('BENEFICIARY', 'REPRESENTATIVE', 'FAMILY')),
    constraint payment_line_account check (channel not in ('BANK_ACCOUNT', 'E_WALLET') or payment_method_id is not null),
    constraint payment_line_shape check (
        (kind in ('REGULAR', 'ARREARS') and entitlement_id is not null and coefficient is not null and standard_level_vnd is not null)
        or (kind = 'ADJUSTMENT' and adjustment_id is not null)
        or (kind = 'CARRY_OVER' and source_line_id is not null)
        or (kind = 'FUNERAL' and standard_level_vnd is not null))
);
-- An entitlement is paid at most once for a month, whatever cycle pays it: the database's guarantee
-- that neither a retried generation nor arrears can pay a month twice.
-- Keyed by month first: a new month's lines land together at the index's end instead of between every
-- earlier month's entries.
create unique index payment_line_month_once on payment_line (for_month, entitlement_id) where kind in ('REGULAR', 'ARREARS');
create unique index payment_line_carried_once on payment_line (source_line_id) where source_line_id is not null;
create unique index payment_line_adjusted_once on payment_line (adjustment_id) where adjustment_id is not null;
create unique index payment_line_funeral_once on payment_line (beneficiary_id) where kind = 'FUNERAL';
-- A person's regular and arrears lines are found through their entitlements (the index above); this
-- one covers the other kinds, a small fraction, so a million-line payroll maintains no index keyed by
-- a random beneficiary id.
create index payment_line_beneficiary_other_idx on payment_line (beneficiary_id, for_month) where kind not in ('REGULAR', 'ARREARS');

-- Lines change only while their cycle is not yet approved, are never updated in place, and refer only
-- to rows that exist.
-- (Hash joins: the planner cannot see how many rows a transition table holds, and a nested loop over
-- a million new lines costs several times more.)
create function payment_line_sealed() returns trigger language plpgsql set enable_nestloop = off as $$
begin
    if exists (select 1 from (select distinct cycle_id from changed_lines) l left join payment_cycle c on c.id = l.cycle_id
               where c.id is null or c.status not in ('DRAFT', 'GENERATED')) then
        raise exception 'payment lines of an approved cycle never change' using errcode = 'integrity_constraint_violation';
    end if;
    -- one pass over the new lines for the large references, one more for the rare ones
    if tg_op = 'INSERT' and (
           exists (select 1 from changed_lines l
                   left join beneficiary b on b.id = l.beneficiary_id
                   left join area a on a.code = l.commune_code
                   left join entitlement e on e.id = l.entitlement_id
                   left join payment_method m on m.id = l.payment_method_id
                   where b.id is null or a.code is null or (l.entitlement_id is not null and e.id is null)
                      or (l.payment_method_id is not null and m.id is null))
        or exists (select 1 from changed_lines l
                   where (l.representative_id is not null
                          and not exists (select 1 from representative r where r.id = l.representative_id))
                      or (l.payment_point_id is not null
                          and not exists (select 1 from payment_point p where p.id = l.payment_point_id))
                      or (l.source_line_id is not null
                          and not exists (select 1 from payment_line s where s.id = l.source_line_id))
                      or (l.adjustment_id is not null
                          and not exists (select 1 from payment_adjustment j where j.id = l.adjustment_id)))) then
        raise exception 'a payment line refers to a row that does not exist' using errcode = 'foreign_key_violation';
    end if;
    return null;
end $$;
create trigger payment_line_sealed_insert after insert on payment_line
    referencing new table as changed_lines for each statement execute function payment_line_sealed();
create trigger payment_line_sealed_delete after delete on payment_line
    referencing old table as changed_lines for each statement execute function payment_line_sealed();

create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% rows are never updated (%)', tg_table_name, tg_op using errcode = 'integrity_constraint_violation';
end $$;
create trigger payment_line_immutable before update on payment_line for each row execute function refuse_change();

-- What payment lines refer to is history: never deleted.
create trigger beneficiary_never_deleted before delete on beneficiary for each row execute function refuse_change();
create trigger entitlement_never_deleted before delete on entitlement for each row execute function refuse_change();
create trigger payment_method_never_deleted before delete on payment_method for each row execute function refuse_change();
create trigger representative_never_deleted before delete on representative for each row execute function refuse_change();
create trigger payment_point_never_deleted before delete on payment_point for each row execute function refuse_change();
create trigger payment_adjustment_never_deleted before delete on payment_adjustment for each row execute function refuse_change();

-- A failed line sent again by cash (attempt 2, 3, ...); attempt 1 is the line's own channel.
create table payment_reroute (
    line_id          bigint not null references payment_line (id),
    attempt          smallint not null,
    channel          text not null,
    payment_point_id uuid references payment_point (id),
    reason           text not null,
    decided_by       text not null,
    decided_at       timestamptz not null default now(),
    primary key (line_id, attempt),
    constraint payment_reroute_attempt check (attempt >= 2),
    constraint payment_reroute_channel check (channel in ('CASH_AT_POINT', 'HOME_DELIVERY'))
);

-- The outcome of one attempt. Append-only: a result is never replaced; a conflicting one is refused.
create table payment_result (
    line_id           bigint not null references payment_line (id),
    attempt           smallint not null default 1,
    outcome           text not null,
    provider_ref      text,
    paid_at           timestamptz,
    failure_code      text,
    failure_detail    text,
    source            text not null,
    reconciliation_id uuid,
    received_at       timestamptz not null default now(),
    primary key (line_id, attempt),
    constraint payment_result_outcome check (
        (outcome = 'PAID' and provider_ref is not null and paid_at is not null and failure_code is null)
        or (outcome = 'FAILED' and failure_code in ('ACCOUNT_CLOSED', 'NAME_MISMATCH', 'ACCOUNT_NOT_FOUND',
            'LIMIT_EXCEEDED', 'PROVIDER_ERROR', 'RECIPIENT_ABSENT', 'RECIPIENT_DECEASED', 'OTHER'))),
    constraint payment_result_source check (source in ('FILE', 'CALLBACK', 'DELIVERY', 'PAYMENT_POINT'))
);

-- A line left unpaid this cycle, to be paid by the next one (chuyển kỳ sau).
create table payment_carry_over (
    line_id    bigint primary key references payment_line (id),
    reason     text not null,
    decided_by text not null,
    decided_at timestamptz not null default now()
);

create trigger payment_result_append_only before update or delete on payment_result for each row execute function refuse_change();
create trigger payment_reroute_append_only before update or delete on payment_reroute for each row execute function refuse_change();
create trigger payment_carry_over_append_only before update or delete on payment_carry_over for each row execute function refuse_change();

-- Home deliveries (chi trả tại nhà) made from HOME_DELIVERY lines at approval, and from re-routes.
-- Assignment to field officers and confirmation with evidence build on this table.
create table home_delivery (
    id             uuid primary key,
    line_id        bigint not null references payment_line (id),
    attempt        smallint not null default 1,
    cycle_id       uuid not null references payment_cycle (id),
    beneficiary_id uuid not null references beneficiary (id),
    commune_code   text not null references area (code),
    amount_vnd     bigint not null,
    status         text not null default 'OPEN',
    assigned_to    text,
    created_at     timestamptz not null default now(),
    constraint home_delivery_once unique (line_id, attempt),
    constraint home_delivery_status check (status in ('OPEN', 'DELIVERED', 'FAILED', 'CANCELLED'))
);
create index home_delivery_cycle_idx on home_delivery (cycle_id, commune_code);

-- One upload of a results file, or one signed callback, and what it did.
create table reconciliation (
    id            uuid primary key,
    cycle_id      uuid not null references payment_cycle (id),
    source        text not null,
    content_sha256 text not null,
    submitted_by  text not null,
    submitted_at  timestamptz not null default now(),
    finished_at   timestamptz,
    total_rows    int not null default 0,
    applied       int not null default 0,
    unchanged     int not null default 0,
    rejected      int not null default 0,
    constraint reconciliation_source check (source in ('FILE', 'CALLBACK'))
);
create index reconciliation_cycle_idx on reconciliation (cycle_id, submitted_at);

create table reconciliation_rejection (
    reconciliation_id uuid not null references reconciliation (id),
    row_no            int not null,
    reference         text,
    reason            text not null,
    primary key (reconciliation_id, row_no)
);

-- Rows of a results file on their way in: written in batches, applied in one set-based transaction,
-- then deleted. Unlogged: losing it in a crash only means the upload is sent again.
create unlogged table reconciliation_staging (
    reconciliation_id uuid not null,
    row_no            int not null,
    reference         text not null,
    -- null with invalid_reason set when the row could not be read
    outcome           text,
    invalid_reason    text,
    amount_vnd        bigint,
    provider_ref      text,
    paid_at           timestamptz,
    failure_code      text,
    failure_detail    text
);
create index reconciliation_staging_idx on reconciliation_staging (reconciliation_id);

-- Signed provider callbacks already accepted: a callback id is accepted once.
create table provider_callback (
    callback_id  text primary key,
    signed_at    timestamptz not null,
    received_at  timestamptz not null default now(),
    body_sha256  text not null,
    submitted_by text not null
);

-- A chosen payment point must exist (registrations name one by id).
alter table payment_method add constraint payment_method_point_fk foreign key (payment_point_id) references payment_point (id);

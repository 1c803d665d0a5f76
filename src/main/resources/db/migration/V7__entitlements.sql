-- What a beneficiary is entitled to (chế độ được hưởng): program and category by decision, from a
-- start month, until an end month if any. Months are stored as their first day.
create table entitlement (
    id              uuid primary key,
    beneficiary_id  uuid not null references beneficiary (id),
    program         text not null,
    category_code   text not null,
    variant         text,
    children_count  int not null default 0,
    decision_number text not null,
    decision_date   date not null,
    start_month     date not null,
    end_month       date,
    created_at      timestamptz not null default now(),
    foreign key (program, category_code) references allowance_category (program, code),
    constraint entitlement_children check (children_count between 0 and 20),
    constraint entitlement_months check (extract(day from start_month) = 1
        and (end_month is null or (extract(day from end_month) = 1 and end_month >= start_month))),
    constraint entitlement_decision_not_blank check (btrim(decision_number) <> ''),
    constraint entitlement_variant check (variant is null or variant in ('ESPECIALLY_SEVERE', 'SEVERE'))
);

create index entitlement_beneficiary_idx on entitlement (beneficiary_id);

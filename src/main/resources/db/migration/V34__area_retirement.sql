-- Admins retire or merge administrative units with an effect date (issue 21; domain.md §4: codes are never
-- reused, a retired unit keeps its row with valid_to set). A merged unit names the unit that takes it over;
-- the people who lived in a merged commune are moved to its successor by dated moves from the effect month
-- (beneficiary_move, decided by the admin); from that month the successor's cash points pay them (a point
-- chosen in the old commune no longer serves their commune, and the payroll passes it over). A commune is
-- retired without a successor only when no one lives there.
alter table area add column successor_code text references area (code);
alter table area add constraint area_successor_not_self check (successor_code <> code);
alter table area add constraint area_successor_retired check (successor_code is null or valid_to is not null);

create table area_retirement (
    id             uuid primary key,
    area_code      text not null unique references area (code),
    successor_code text references area (code),
    effective_date date not null,
    decision_ref   text not null,
    reason         text not null,
    moved_people   int not null default 0,
    decided_by     text not null,
    recorded_at    timestamptz not null,
    constraint area_retirement_first_of_month check (extract(day from effective_date) = 1),
    constraint area_retirement_not_self check (successor_code <> area_code),
    constraint area_retirement_text check (btrim(decision_ref) <> '' and btrim(reason) <> ''),
    constraint area_retirement_counts check (moved_people >= 0 and (successor_code is not null or moved_people = 0))
);

-- Moves between communes keep history: the beneficiary's commune is the current one, and every move
-- is a dated row with where the person came from.
create table beneficiary_move (
    id              uuid primary key,
    beneficiary_id  uuid not null references beneficiary (id),
    from_commune    text not null references area (code),
    to_commune      text not null references area (code),
    from_address    text not null,
    to_address      text not null,
    effective_month date not null,
    decided_by      text not null,
    recorded_at     timestamptz not null default now(),
    constraint beneficiary_move_different check (from_commune <> to_commune),
    constraint beneficiary_move_month check (extract(day from effective_month) = 1)
);

create index beneficiary_move_beneficiary_idx on beneficiary_move (beneficiary_id, recorded_at);

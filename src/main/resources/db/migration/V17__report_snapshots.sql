-- Monthly reports as filed: the progress report of a province frozen (by the job on the 25th, or by an
-- officer) exactly as it was produced, with the hash of its content. A filed report never changes.
create table report_snapshot (
    id          uuid primary key,
    kind        text not null,
    area_code   text not null references area (code),
    month       date not null,
    content     text not null,
    sha256      text not null,
    frozen_at   timestamptz not null default now(),
    frozen_by   text not null,
    constraint report_snapshot_kind check (kind in ('PROGRESS')),
    constraint report_snapshot_month check (extract(day from month) = 1),
    constraint report_snapshot_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
    constraint report_snapshot_once unique (kind, area_code, month)
);
create trigger report_snapshot_immutable before update or delete on report_snapshot
    for each row execute function refuse_change();

-- the reports aggregate by line commune and month: one index serves the progress and year reports
create index payment_line_month_commune_idx on payment_line (for_month, commune_code) where kind = 'REGULAR';
create index registration_commune_submitted_idx on registration (commune_code, submitted_at);
create index registration_commune_decided_idx on registration (commune_code, decided_at) where decided_at is not null;

-- Runs of scheduled jobs. A run is claimed by inserting (job, period): with several replicas only one
-- claim succeeds. A run left RUNNING by a crashed replica is taken over once its lease has expired;
-- the jobs themselves are idempotent, so a resumed run finishes the work without doing it twice.
create table job_run (
    id           bigint generated always as identity primary key,
    job          text not null,
    period       text not null,
    status       text not null,
    owner        text not null,
    attempts     int not null default 1,
    started_at   timestamptz not null default now(),
    lease_until  timestamptz not null,
    finished_at  timestamptz,
    counts       jsonb,
    error        text,
    constraint job_run_once unique (job, period),
    constraint job_run_status check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    constraint job_run_finished check ((status = 'RUNNING') = (finished_at is null))
);
create index job_run_started_idx on job_run (started_at desc);

-- Beneficiaries who have not collected payment for 3 consecutive months (Thông tư 02/2021, Điều 2),
-- flagged for a commune officer's review. Nobody is suspended automatically.
create table suspension_review (
    id              uuid primary key,
    beneficiary_id  uuid not null references beneficiary (id),
    commune_code    text not null references area (code),
    program         text not null,
    first_month     date not null,
    last_month      date not null,
    unpaid_amount_vnd bigint not null,
    flagged_at      timestamptz not null default now(),
    job_run_id      bigint references job_run (id),
    constraint suspension_review_once unique (beneficiary_id, program, last_month)
);
create index suspension_review_commune_idx on suspension_review (commune_code, last_month);

-- Bulk import of existing beneficiary lists (CSV/XLSX) with a row-by-row report.
create table import_job (
    id           uuid primary key,
    file_sha256  text not null,
    file_name    text,
    format       text not null,
    submitted_by text not null,
    -- the submitter's areas: who else may read the job's report
    scope_areas  text[] not null,
    submitted_at timestamptz not null default now(),
    finished_at  timestamptz,
    total_rows   int not null default 0,
    created      int not null default 0,
    updated      int not null default 0,
    unchanged    int not null default 0,
    rejected     int not null default 0,
    constraint import_job_format check (format in ('CSV', 'XLSX')),
    constraint import_job_counts check (created + updated + unchanged + rejected <= total_rows)
);

create table import_row (
    job_id         uuid not null references import_job (id),
    row_number     int not null,
    outcome        text not null,
    beneficiary_id uuid,
    errors         jsonb,
    primary key (job_id, row_number),
    constraint import_row_outcome check (outcome in ('CREATED', 'UPDATED', 'UNCHANGED', 'REJECTED'))
);

-- The same decision is recorded once per beneficiary, so a re-imported file adds no entitlement twice.
alter table entitlement add constraint entitlement_decision_unique
    unique (beneficiary_id, program, category_code, decision_number);

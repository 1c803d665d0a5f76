-- Seed for the payment-status benchmark, on top of cycles-seed.sql: twelve closed social-assistance
-- cycles of province 51 (December 2025 to November 2026), one line per beneficiary per month, all paid
-- except November, where half are paid, 5% failed and the rest still scheduled. Written straight into
-- the tables (the lines' statement trigger and the results' foreign-key triggers are disabled while
-- seeding, as superuser) because generating twelve payrolls through the API is not what is measured.
\set ON_ERROR_STOP on
insert into payment_cycle (id, code, province_code, program, month, status, created_by, generated_by, generated_at,
                           line_count, total_amount_vnd, lines_sha256)
select md5('bench-c-' || m::date)::uuid, 'C51SA' || to_char(m, 'YYYYMM'), '51', 'SOCIAL_ASSISTANCE', m::date, 'GENERATED',
       'bench', 'bench-generator', now(), :count, :count * 750000::bigint, 'bench'
from generate_series(date '2025-12-01', date '2026-11-01', interval '1 month') m;

alter table payment_line disable trigger payment_line_sealed_insert;
select format($$insert into payment_line (cycle_id, line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id,
                   category_code, coefficient, standard_level_vnd, amount_vnd, channel, recipient_kind, payment_method_id)
            select md5('bench-c-' || %L)::uuid, g + 1, md5('bench-b-' || g)::uuid, b.commune_code, 'REGULAR', %L::date,
                   md5('bench-e-' || g)::uuid, e.category_code, 1.5, 500000, 750000,
                   case when g %% 10 < 4 then 'BANK_ACCOUNT' when g %% 10 = 4 then 'E_WALLET'
                        when g %% 10 = 9 then 'HOME_DELIVERY' else 'CASH_AT_POINT' end,
                   'BENEFICIARY', case when g %% 10 < 5 then md5('bench-m-' || g)::uuid end
            from generate_series(0, %s - 1) g
            join beneficiary b on b.id = md5('bench-b-' || g)::uuid
            join entitlement e on e.id = md5('bench-e-' || g)::uuid$$, m::date, m::date, :count)
from generate_series(date '2025-12-01', date '2026-11-01', interval '1 month') m \gexec
alter table payment_line enable trigger payment_line_sealed_insert;

alter table payment_result disable trigger all;
insert into payment_result (line_id, attempt, outcome, provider_ref, paid_at, failure_code, source)
select l.id, 1, case when c.month = date '2026-11-01' and l.line_no % 20 = 0 then 'FAILED' else 'PAID' end,
       case when c.month = date '2026-11-01' and l.line_no % 20 = 0 then null else 'PRV' || l.id end,
       case when c.month = date '2026-11-01' and l.line_no % 20 = 0 then null else c.month + interval '5 days 9 hours' end,
       case when c.month = date '2026-11-01' and l.line_no % 20 = 0 then 'ACCOUNT_CLOSED' end, 'FILE'
from payment_line l join payment_cycle c on c.id = l.cycle_id
where c.code like 'C51SA%' and (c.month < date '2026-11-01' or l.line_no % 2 = 0);
alter table payment_result enable trigger all;

update payment_cycle set status = case when month = date '2026-11-01' then 'DISBURSING' else 'CLOSED' end,
       approved_by = 'bench-approver', approved_at = now(), released_by = 'bench-releaser', released_at = now(),
       disbursement_csv_sha256 = 'bench', disbursement_json_sha256 = 'bench',
       closed_by = case when month < date '2026-11-01' then 'bench-approver' end,
       closed_at = case when month < date '2026-11-01' then now() end
where code like 'C51SA%';

vacuum analyze payment_line;
vacuum analyze payment_result;
checkpoint;

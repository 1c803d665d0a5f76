-- Synthetic national data: :count beneficiaries spread over every current commune of the 34 provinces
-- (so each province's share follows its number of communes), with Vietnamese names (family names in
-- their real frequencies, NFC, with diacritics), citizen IDs consistent with province, century, sex and
-- year of birth, social-assistance categories in plausible shares, payment methods (45% bank, 10%
-- e-wallet, 5% at home, the rest cash at the commune's payment point), representatives for 8%, and
-- :months monthly cycles per province up to :last_month with lines and outcomes. Deterministic for a
-- given :seed (every random choice is a hash of the seed, the person or line, and the choice), but for
-- the lines' surrogate ids, which two sessions interleave. Set-based inserts only. Run by
-- src/bench/generate.sh on a migrated database (needs the dblink extension of PostgreSQL's contrib,
-- which Debian's server package includes); synthetic people only.
--   psql -v count=1000 -v seed=42 -v months=12 -v last_month=2026-11-01 -f src/bench/generate.sql
\set ON_ERROR_STOP on

-- a number in [0, 1) drawn from the person (or line) and a salt, the hash of the seed and the name of
-- the choice; PostgreSQL's own 64-bit hash, the one hash partitioning relies on, so stable across
-- versions (an inlined SQL function: about 0.2 µs a draw, where md5 took 3.6 µs)
create function pg_temp.rnd(g bigint, salt bigint) returns double precision language sql immutable parallel safe as $$
    select (hashint8extended(g, salt) & 4294967295)::float8 / 4294967296.0::float8
$$;
set work_mem = '256MB';
set maintenance_work_mem = '512MB';
set synchronous_commit = off;

create temp table gen_communes as
    select a.code, split_part(a.path, '/', 2) as province, (row_number() over (order by a.code) - 1)::int as i
    from area a where a.level = 'COMMUNE' and a.valid_to is null and a.path !~ '^/(9[0345789]|8[1345789]|7[13678]|6[59])/';
select count(*) as communes from gen_communes \gset

-- family names with their shares (per cent, approximate national frequencies), cumulated
create temp table gen_family (name text, upto double precision);
insert into gen_family
select name, sum(share) over (order by ord) / sum(share) over () from (values
    (1, 'Nguyễn', 38.4), (2, 'Trần', 12.1), (3, 'Lê', 9.5), (4, 'Phạm', 7.0), (5, 'Hoàng', 5.1), (6, 'Huỳnh', 3.0),
    (7, 'Phan', 4.5), (8, 'Vũ', 3.9), (9, 'Võ', 2.5), (10, 'Đặng', 2.1), (11, 'Bùi', 2.0), (12, 'Đỗ', 1.4),
    (13, 'Hồ', 1.3), (14, 'Ngô', 1.3), (15, 'Dương', 1.0), (16, 'Lý', 0.5), (17, 'Đinh', 0.6), (18, 'Trương', 0.8),
    (19, 'Lâm', 0.4), (20, 'Mai', 0.5), (21, 'Cao', 0.4), (22, 'Hà', 0.5), (23, 'Tạ', 0.3), (24, 'Lưu', 0.5))
    v(ord, name, share);
create temp table gen_given (sex text, i int, middle text, given text);
insert into gen_given
select 'MALE', i - 1, (array['Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Xuân', 'Công'])[1 + (i - 1) % 8], g
from unnest(array['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phúc', 'Quân', 'Sơn',
                  'Tài', 'Thắng', 'Thành', 'Trung', 'Tuấn', 'Việt', 'Vinh']) with ordinality t(g, i);
insert into gen_given
select 'FEMALE', i - 1, (array['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ'])[1 + (i - 1) % 8], g
from unnest(array['Anh', 'Bích', 'Cúc', 'Dung', 'Hà', 'Hạnh', 'Hoa', 'Hồng', 'Hương', 'Lan', 'Liên', 'Loan', 'Mai',
                  'Nga', 'Nhung', 'Oanh', 'Phương', 'Thảo', 'Thủy', 'Yến']) with ordinality t(g, i);

-- family names in 1,000 buckets of their cumulated shares, so that a draw is an equality join
create temp table gen_family_bucket as
select b, (select name from gen_family where upto > b / 1000.0 order by upto limit 1) as name from generate_series(0, 999) b;

-- months as numbers (year * 12 + month - 1), the last one and the first
select (extract(year from :'last_month'::date) * 12 + extract(month from :'last_month'::date) - 1)::int as last_ym \gset
select :last_ym - :months + 1 as first_ym, (:last_ym / 12) as this_year \gset

-- the coefficient for each category, variant and age in whole years, from the rules the payroll uses
create temp table gen_coef as
select r.category_code || '/' || coalesce(r.variant, '') as cv, a.age, max(r.coefficient) as coefficient
from coefficient_rule r cross join generate_series(0, 130) a(age)
where r.program = 'SOCIAL_ASSISTANCE' and (r.min_age is null or r.min_age <= a.age) and (r.max_age is null or r.max_age > a.age)
group by 1, 2;

-- who each person is: place, sex, category, age, payment method and the draws the inserts below use
create temp table gen_people as
select x.*, row_number() over (partition by x.province order by x.g)::int as line_no,
       x.category || '/' || coalesce(x.variant, '') as cv,
       -- age in whole years on the first of month m (a number as above) is (m - ym_base) / 12
       (extract(year from x.dob) * 12 + extract(month from x.dob) - 1 + case when extract(day from x.dob) > 1 then 1 else 0 end)::int
           as ym_base,
       case when x.m < 0.45 then 'BANK_ACCOUNT' when x.m < 0.55 then 'E_WALLET' when x.m >= 0.95 then 'HOME_DELIVERY'
            else 'CASH_AT_POINT' end as channel
from (
    select d.g, md5(:'seed' || '-b-' || d.g)::uuid as id, md5(:'seed' || '-e-' || d.g)::uuid as entitlement_id,
           case when d.m < 0.55 or d.m >= 0.95 then md5(:'seed' || '-m-' || d.g)::uuid end as method_id,
           c.code as commune, c.province,
           case when d.r_sex < 0.55 then 'FEMALE' else 'MALE' end as sex, k.category, k.variant,
           make_date(:this_year - k.age, 1 + (d.r_month * 12)::int % 12, 1 + (d.r_day * 28)::int % 28) as dob,
           d.m, d.rep, d.r_family, d.r_given, d.r_rep_family
    from (select g, pg_temp.rnd(g, hashtext(:'seed' || ':commune')) as r_commune, pg_temp.rnd(g, hashtext(:'seed' || ':sex')) as r_sex,
                 pg_temp.rnd(g, hashtext(:'seed' || ':category')) as r_category, pg_temp.rnd(g, hashtext(:'seed' || ':age')) as r_age,
                 pg_temp.rnd(g, hashtext(:'seed' || ':month')) as r_month, pg_temp.rnd(g, hashtext(:'seed' || ':day')) as r_day,
                 pg_temp.rnd(g, hashtext(:'seed' || ':method')) as m, pg_temp.rnd(g, hashtext(:'seed' || ':rep')) as rep,
                 pg_temp.rnd(g, hashtext(:'seed' || ':family')) as r_family, pg_temp.rnd(g, hashtext(:'seed' || ':given')) as r_given,
                 pg_temp.rnd(g, hashtext(:'seed' || ':rep-family')) as r_rep_family
          from generate_series(0, :count - 1) g) d
    join gen_communes c on c.i = (d.r_commune * :communes)::int % :communes
    cross join lateral (
        select case when r < 0.45 then 'K5a' when r < 0.55 then 'K5b' when r < 0.85 then 'K6' else 'K1' end as category,
               case when r >= 0.55 and r < 0.85 then case when r < 0.65 then 'ESPECIALLY_SEVERE' else 'SEVERE' end end as variant,
               case when r < 0.45 then 80 + (a * 16)::int when r < 0.55 then 75 + (a * 4)::int
                    when r < 0.85 then 6 + (a * 80)::int else 1 + (a * 14)::int end as age
        from (select d.r_category as r, d.r_age as a) y) k) x;

analyze gen_people;

-- As pg_restore does: the big tables' foreign keys and secondary indexes (those not behind a
-- constraint) are dropped for the load and made again at the end from their own definitions, so each
-- reference is checked once, set-based, and each index built with one sort instead of millions of
-- insertions. Unique constraints stay and are checked row by row; the lines' reference check is their
-- statement trigger, which stays on.
create temp table gen_saved as
select 1 as ord, format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname) as undo,
       format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as redo
from pg_constraint c
where c.contype = 'f' and c.connamespace = 'public'::regnamespace
  and c.conrelid::regclass::text in ('beneficiary', 'entitlement', 'payment_method', 'representative', 'payment_result')
union all
select 0, format('drop index %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
from pg_index i join pg_class t on t.oid = i.indrelid
where t.relnamespace = 'public'::regnamespace and t.relname in ('beneficiary', 'entitlement', 'payment_method', 'payment_line')
  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
select undo from gen_saved order by ord desc \gexec

insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, commune_code, address_line, mobility)
select p.id,
       '0' || p.province || ((case when extract(year from p.dob) >= 2000 then 2 else 0 end)
                             + (case when p.sex = 'FEMALE' then 1 else 0 end))::text
           || lpad((extract(year from p.dob)::int % 100)::text, 2, '0') || lpad((p.g % 1000000)::text, 6, '0'),
       'CCCD', normalize(f.name || ' ' || gv.middle || ' ' || gv.given, NFC),
       p.dob, p.sex, p.commune, 'Thôn ' || (1 + p.g % 12),
       case when p.m >= 0.95 then 'CANNOT_TRAVEL' else 'CAN_TRAVEL' end
from gen_people p
join gen_family_bucket f on f.b = (p.r_family * 1000)::int % 1000
join gen_given gv on gv.sex = p.sex and gv.i = (p.r_given * 20)::int % 20
order by p.g
on conflict do nothing;
-- (an ID drawn twice keeps its first holder; the rest of the data follows whoever was inserted)
delete from gen_people p where not exists (select 1 from beneficiary b where b.id = p.id);

insert into entitlement (id, beneficiary_id, program, category_code, variant, decision_number, decision_date, start_month)
select p.entitlement_id, p.id, 'SOCIAL_ASSISTANCE', p.category, p.variant, 'QĐ-' || p.g, date '2024-12-10', date '2025-01-01'
from gen_people p order by p.g;

insert into payment_method (id, beneficiary_id, method, bank_bin, account_number, account_holder_name, wallet_provider,
                            wallet_account, home_delivery_reason, effective_from_month)
select p.method_id, p.id, p.channel,
       case when p.m < 0.45 then (array['970405', '970415', '970436', '970418'])[1 + p.g % 4] end,
       case when p.m < 0.45 then lpad((p.g::bigint * 7919 % 1000000000000)::text, 12, '0') end,
       case when p.m < 0.45 then upper(b.name_folded) end,
       case when p.m >= 0.45 and p.m < 0.55 then 'VIETTEL_MONEY' end,
       case when p.m >= 0.45 and p.m < 0.55 then '+8498' || lpad((p.g % 10000000)::text, 7, '0') end,
       case when p.m >= 0.95 then 'BEDRIDDEN' end, date '2025-01-01'
from gen_people p join beneficiary b on b.id = p.id
where p.method_id is not null
order by p.g;

insert into representative (id, beneficiary_id, kind, national_id, full_name, relationship, valid_from, authorization_ref,
                            confirmed_by, confirmed_at)
select md5(:'seed' || '-r-' || p.g)::uuid, p.id, 'AUTHORIZED',
       '0' || p.province || '1' || lpad(((1960 + p.g % 30) % 100)::text, 2, '0') || lpad((p.g % 1000000)::text, 6, '0'),
       normalize(f.name || ' Thị Con', NFC), 'CHILD', date '2025-01-01', 'UQ-' || p.g, 'generator', now()
from gen_people p join gen_family_bucket f on f.b = (p.r_rep_family * 1000)::int % 1000
where p.rep < 0.08
order by p.g
on conflict do nothing;

-- every province pays from the 2024 standard level; every commune has a payment point
insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref)
select distinct province, 'SOCIAL_ASSISTANCE', date '2024-07-01', 500000, 'Nghị định 76/2024/NĐ-CP' from gen_communes
on conflict do nothing;
insert into payment_point (id, commune_code, name, address, first_day, last_day, opening_hours, created_by)
select md5(:'seed' || '-p-' || code)::uuid, code, 'Nhà văn hóa xã', 'Trụ sở UBND xã', 5, 7, '7:30-11:00', 'generator'
from gen_communes on conflict do nothing;

-- :months cycles per province, one regular line per person per month, amount from the coefficient for
-- the age reached that month; then results: 96% paid, 2% failed, the last month half without a result yet
create temp table gen_cycles as
select md5(:'seed' || '-c-' || pr.province || '-' || make_date(ym / 12, ym % 12 + 1, 1))::uuid as id, pr.province, ym,
       make_date(ym / 12, ym % 12 + 1, 1) as month
from (select distinct province from gen_people) pr cross join generate_series(:first_ym, :last_ym) ym;

analyze gen_cycles;

insert into payment_cycle (id, code, province_code, program, month, status, created_by)
select id, 'C' || province || 'SA' || to_char(month, 'YYYYMM'), province, 'SOCIAL_ASSISTANCE', month, 'DRAFT', 'generator'
from gen_cycles order by ym, province;

-- A month at a time, as the payroll writes them, each month's lines with their results in one statement
-- (each statement's lines checked by the lines' own statement trigger: references exist, cycles not yet
-- approved). Two sessions share the months, one per core: this one and a second through dblink, on
-- copies of the working tables the second session can see (a schema dropped at the end).
create schema gen_work;
create extension if not exists dblink schema gen_work;
set search_path = public, gen_work;
create unlogged table gen_work.people as
    select line_no, id, commune, province, entitlement_id, category, cv, ym_base, channel, method_id from gen_people;
create unlogged table gen_work.cycles as select * from gen_cycles;
create unlogged table gen_work.coef as select * from gen_coef;
analyze gen_work.people; analyze gen_work.cycles; analyze gen_work.coef;
-- the month's statement; results are drawn from the cycle and line number, so they do not depend on
-- which session wrote a line first (the lines' ids do)
\set month_sql 'with l as (insert into payment_line (cycle_id, line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code, coefficient, standard_level_vnd, amount_vnd, channel, recipient_kind, payment_method_id) select cy.id, p.line_no, p.id, p.commune, ''REGULAR'', cy.month, p.entitlement_id, p.category, k.coefficient, 500000, (500000 * k.coefficient)::bigint, p.channel, ''BENEFICIARY'', p.method_id from gen_work.people p join gen_work.cycles cy on cy.province = p.province and cy.ym = %1$s join gen_work.coef k on k.cv = p.cv and k.age = (%1$s - p.ym_base) / 12 order by cy.province, p.line_no returning id, cycle_id, line_no, for_month) insert into payment_result (line_id, attempt, outcome, provider_ref, paid_at, failure_code, source) select l.id, 1, case when x.f < 0.02 then ''FAILED'' else ''PAID'' end, case when x.f >= 0.02 then ''PRV-'' || left(l.cycle_id::text, 8) || ''-'' || l.line_no end, case when x.f >= 0.02 then l.for_month + interval ''5 days 9 hours'' end, case when x.f < 0.02 then ''ACCOUNT_CLOSED'' end, ''FILE'' from l cross join lateral (select (hashint8extended(l.line_no, hashtext(%2$L || '':result:'' || l.cycle_id)) & 4294967295)::float8 / 4294967296.0::float8 as f) x where (%1$s < %3$s or l.line_no %% 2 = 0) and (x.f < 0.02 or x.f >= 0.04)'
select format('dbname=%s user=%s port=%s', current_database(), current_user, current_setting('port'))
       || coalesce(' host=' || host(inet_server_addr()), '') as gen_conn \gset
select dblink_connect('gen_worker', :'gen_conn');
select format('do $worker$ begin set work_mem = ''256MB''; %s; end $worker$',
              string_agg(format(:'month_sql', ym, :'seed', :last_ym), '; ' order by ym)) as worker_sql
from generate_series(:first_ym, :last_ym) ym where ym % 2 = 1 \gset
select dblink_send_query('gen_worker', :'worker_sql');
select format(:'month_sql', ym, :'seed', :last_ym) from generate_series(:first_ym, :last_ym) ym where ym % 2 = 0 order by ym \gexec
select status as worker from dblink_get_result('gen_worker') as t(status text);
select dblink_disconnect('gen_worker');
drop schema gen_work cascade;
set search_path = public;

insert into payment_cycle_total (cycle_id, dimension, key, line_count, amount_vnd)
select l.cycle_id, case when grouping(l.channel) = 0 then 'CHANNEL' when grouping(l.commune_code) = 0 then 'COMMUNE'
                        when grouping(l.kind) = 0 then 'KIND' else 'ALL' end,
       coalesce(l.channel, l.commune_code, l.kind, 'ALL'), count(*), sum(l.amount_vnd)
from payment_line l join gen_cycles cy on cy.id = l.cycle_id
group by l.cycle_id, grouping sets ((l.channel), (l.commune_code), (l.kind), ());

update payment_cycle c set status = case when cy.ym = :last_ym then 'DISBURSING' else 'CLOSED' end,
       generated_by = 'generator', generated_at = now(),
       line_count = t.line_count, total_amount_vnd = t.amount_vnd, lines_sha256 = 'generator',
       approved_by = 'generator-approver', approved_at = now(), released_by = 'generator-releaser', released_at = now(),
       disbursement_csv_sha256 = 'generator', disbursement_json_sha256 = 'generator',
       closed_by = case when cy.ym < :last_ym then 'generator-approver' end,
       closed_at = case when cy.ym < :last_ym then now() end
from payment_cycle_total t, gen_cycles cy
where t.cycle_id = c.id and t.dimension = 'ALL' and cy.id = c.id;

select redo from gen_saved order by ord \gexec

vacuum analyze;

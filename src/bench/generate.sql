-- Synthetic national data: :count beneficiaries spread over every current commune of the 34 provinces
-- (so each province's share follows its number of communes), with Vietnamese names (family names in
-- their real frequencies, NFC, with diacritics), citizen IDs consistent with province, century, sex and
-- year of birth, social-assistance categories in plausible shares, payment methods (45% bank, 10%
-- e-wallet, 5% at home, the rest cash at the commune's payment point), representatives for 8%, and
-- :months monthly cycles per province up to :last_month with lines and outcomes. Deterministic for a
-- given :seed (every random choice is a hash of the seed, the person and the choice). Set-based inserts
-- only. Run by src/bench/generate.sh on a migrated database; synthetic people only.
--   psql -v count=1000 -v seed=42 -v months=12 -v last_month=2026-11-01 -f src/bench/generate.sql
\set ON_ERROR_STOP on

-- a number in [0, 1) drawn from the seed, the person and the name of the choice
create function pg_temp.rnd(seed text, g bigint, what text) returns double precision language sql immutable as $$
    select ('x' || lpad(substr(md5(seed || ':' || what || ':' || g), 1, 8), 16, '0'))::bit(64)::bigint / 4294967296.0
$$;

create temp table gen_communes as
    select a.code, split_part(a.path, '/', 2) as province, (row_number() over (order by a.code) - 1)::int as i
    from area a where a.level = 'COMMUNE' and a.valid_to is null and a.path !~ '^/(9[0345789]|89)/';
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

-- who each person is: place, sex, category, age, mobility
create temp table gen_people as
select g, md5(:'seed' || '-b-' || g)::uuid as id, c.code as commune, c.province,
       case when pg_temp.rnd(:'seed', g, 'sex') < 0.55 then 'FEMALE' else 'MALE' end as sex,
       k.category, k.variant,
       make_date(2026 - k.age, 1 + (pg_temp.rnd(:'seed', g, 'month') * 12)::int % 12,
                 1 + (pg_temp.rnd(:'seed', g, 'day') * 28)::int % 28) as dob,
       pg_temp.rnd(:'seed', g, 'method') as m, pg_temp.rnd(:'seed', g, 'rep') as rep
from generate_series(0, :count - 1) g
join gen_communes c on c.i = (pg_temp.rnd(:'seed', g, 'commune') * :communes)::int % :communes
cross join lateral (
    select case when r < 0.45 then 'K5a' when r < 0.55 then 'K5b' when r < 0.85 then 'K6' else 'K1' end as category,
           case when r >= 0.55 and r < 0.85 then case when r < 0.65 then 'ESPECIALLY_SEVERE' else 'SEVERE' end end as variant,
           case when r < 0.45 then 80 + (a * 16)::int when r < 0.55 then 75 + (a * 4)::int
                when r < 0.85 then 6 + (a * 80)::int else 1 + (a * 14)::int end as age
    from (select pg_temp.rnd(:'seed', g, 'category') r, pg_temp.rnd(:'seed', g, 'age') a) x) k;

insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, commune_code, address_line, mobility)
select p.id,
       '0' || p.province || ((case when extract(year from p.dob) >= 2000 then 2 else 0 end)
                             + (case when p.sex = 'FEMALE' then 1 else 0 end))::text
           || lpad((extract(year from p.dob)::int % 100)::text, 2, '0') || lpad((p.g % 1000000)::text, 6, '0'),
       'CCCD',
       normalize(f.name || ' ' || gv.middle || ' ' || gv.given, NFC),
       p.dob, p.sex, p.commune, 'Thôn ' || (1 + p.g % 12),
       case when p.m >= 0.95 then 'CANNOT_TRAVEL' else 'CAN_TRAVEL' end
from gen_people p
cross join lateral (select name from gen_family where upto > pg_temp.rnd(:'seed', p.g, 'family') order by upto limit 1) f
join gen_given gv on gv.sex = p.sex and gv.i = (pg_temp.rnd(:'seed', p.g, 'given') * 20)::int % 20
on conflict do nothing;

insert into entitlement (id, beneficiary_id, program, category_code, variant, decision_number, decision_date, start_month)
select md5(:'seed' || '-e-' || p.g)::uuid, p.id, 'SOCIAL_ASSISTANCE', p.category, p.variant, 'QĐ-' || p.g,
       date '2024-12-10', date '2025-01-01'
from gen_people p join beneficiary b on b.id = p.id;

insert into payment_method (id, beneficiary_id, method, bank_bin, account_number, account_holder_name, wallet_provider,
                            wallet_account, home_delivery_reason, effective_from_month)
select md5(:'seed' || '-m-' || p.g)::uuid, p.id,
       case when p.m < 0.45 then 'BANK_ACCOUNT' when p.m < 0.55 then 'E_WALLET' else 'HOME_DELIVERY' end,
       case when p.m < 0.45 then (array['970405', '970415', '970436', '970418'])[1 + p.g % 4] end,
       case when p.m < 0.45 then lpad((p.g::bigint * 7919 % 1000000000000)::text, 12, '0') end,
       case when p.m < 0.45 then upper(fold_vn(b.full_name)) end,
       case when p.m >= 0.45 and p.m < 0.55 then 'VIETTEL_MONEY' end,
       case when p.m >= 0.45 and p.m < 0.55 then '+8498' || lpad((p.g % 10000000)::text, 7, '0') end,
       case when p.m >= 0.95 then 'BEDRIDDEN' end, date '2025-01-01'
from gen_people p join beneficiary b on b.id = p.id
where p.m < 0.55 or p.m >= 0.95;

insert into representative (id, beneficiary_id, kind, national_id, full_name, relationship, valid_from, authorization_ref,
                            confirmed_by, confirmed_at)
select md5(:'seed' || '-r-' || p.g)::uuid, p.id, 'AUTHORIZED',
       '0' || p.province || '1' || lpad(((1960 + p.g % 30) % 100)::text, 2, '0') || lpad((p.g % 1000000)::text, 6, '0'),
       normalize((select name from gen_family where upto > pg_temp.rnd(:'seed', p.g, 'rep-family') order by upto limit 1)
                 || ' Thị Con', NFC),
       'CHILD', date '2025-01-01', 'UQ-' || p.g, 'generator', now()
from gen_people p join beneficiary b on b.id = p.id
where p.rep < 0.08
on conflict do nothing;

-- every province pays from the 2024 standard level; every commune has a payment point
insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref)
select distinct province, 'SOCIAL_ASSISTANCE', date '2024-07-01', 500000, 'Nghị định 76/2024/NĐ-CP' from gen_communes
on conflict do nothing;
insert into payment_point (id, commune_code, name, address, first_day, last_day, opening_hours, created_by)
select md5(:'seed' || '-p-' || code)::uuid, code, 'Nhà văn hóa xã', 'Trụ sở UBND xã', 5, 7, '7:30-11:00', 'generator'
from gen_communes on conflict do nothing;

-- :months cycles per province, one regular line per person per month, amount from the coefficient for
-- the age reached that month; written straight into the tables (the lines' statement trigger off while
-- seeding, as superuser), then results: 96% paid, 2% failed, the last month half without a result yet
insert into payment_cycle (id, code, province_code, program, month, status, created_by)
select md5(:'seed' || '-c-' || pr.province || '-' || mo::date)::uuid, 'C' || pr.province || 'SA' || to_char(mo, 'YYYYMM'),
       pr.province, 'SOCIAL_ASSISTANCE', mo::date, 'DRAFT', 'generator'
from (select distinct province from gen_people) pr
cross join generate_series(:'last_month'::date - make_interval(months => :months - 1), :'last_month'::date, interval '1 month') mo;

alter table payment_line disable trigger payment_line_sealed_insert;
insert into payment_line (cycle_id, line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code,
                          coefficient, standard_level_vnd, amount_vnd, channel, recipient_kind, payment_method_id)
select md5(:'seed' || '-c-' || p.province || '-' || mo::date)::uuid,
       row_number() over (partition by p.province, mo order by p.g), p.id, p.commune, 'REGULAR', mo::date,
       md5(:'seed' || '-e-' || p.g)::uuid, p.category, cr.coefficient, 500000, (500000 * cr.coefficient)::bigint,
       case when p.m < 0.45 then 'BANK_ACCOUNT' when p.m < 0.55 then 'E_WALLET' when p.m >= 0.95 then 'HOME_DELIVERY'
            else 'CASH_AT_POINT' end,
       'BENEFICIARY', case when p.m < 0.55 or p.m >= 0.95 then md5(:'seed' || '-m-' || p.g)::uuid end
from gen_people p
join beneficiary b on b.id = p.id
cross join generate_series(:'last_month'::date - make_interval(months => :months - 1), :'last_month'::date, interval '1 month') mo
cross join lateral (
    select r.coefficient from coefficient_rule r
    where r.program = 'SOCIAL_ASSISTANCE' and r.category_code = p.category and r.variant is not distinct from p.variant
      and (r.min_age is null or r.min_age <= extract(year from age(mo::date, p.dob)))
      and (r.max_age is null or r.max_age > extract(year from age(mo::date, p.dob)))
    order by r.coefficient desc limit 1) cr;
alter table payment_line enable trigger payment_line_sealed_insert;

alter table payment_result disable trigger all;
insert into payment_result (line_id, attempt, outcome, provider_ref, paid_at, failure_code, source)
select l.id, 1, case when f < 0.02 then 'FAILED' else 'PAID' end,
       case when f >= 0.02 then 'PRV' || l.id end,
       case when f >= 0.02 then c.month + interval '5 days 9 hours' end,
       case when f < 0.02 then 'ACCOUNT_CLOSED' end, 'FILE'
from payment_line l join payment_cycle c on c.id = l.cycle_id
cross join lateral (select pg_temp.rnd(:'seed', l.id, 'result') f) x
where c.created_by = 'generator' and (c.month < :'last_month'::date or l.line_no % 2 = 0)
  and (x.f < 0.02 or x.f >= 0.04);
alter table payment_result enable trigger all;

insert into payment_cycle_total (cycle_id, dimension, key, line_count, amount_vnd)
select l.cycle_id, case when grouping(l.channel) = 0 then 'CHANNEL' when grouping(l.commune_code) = 0 then 'COMMUNE'
                        when grouping(l.kind) = 0 then 'KIND' else 'ALL' end,
       coalesce(l.channel, l.commune_code, l.kind, 'ALL'), count(*), sum(l.amount_vnd)
from payment_line l join payment_cycle c on c.id = l.cycle_id and c.created_by = 'generator'
group by l.cycle_id, grouping sets ((l.channel), (l.commune_code), (l.kind), ());

update payment_cycle c set status = case when c.month = :'last_month'::date then 'DISBURSING' else 'CLOSED' end,
       generated_by = 'generator', generated_at = now(),
       line_count = t.line_count, total_amount_vnd = t.amount_vnd, lines_sha256 = 'generator',
       approved_by = 'generator-approver', approved_at = now(), released_by = 'generator-approver', released_at = now(),
       disbursement_csv_sha256 = 'generator', disbursement_json_sha256 = 'generator',
       closed_by = case when c.month < :'last_month'::date then 'generator-approver' end,
       closed_at = case when c.month < :'last_month'::date then now() end
from payment_cycle_total t
where t.cycle_id = c.id and t.dimension = 'ALL' and c.created_by = 'generator';

vacuum analyze;

-- DEV PROFILE ONLY (quarkus.flyway.locations includes db/demo only in %dev): synthetic beneficiaries
-- in Quảng Ngãi (51) so the API has something to show. Every person here is invented; national IDs
-- are random but well-formed (birth registered in Quảng Ngãi, 051; century/sex digit and year agree
-- with the date of birth). Deterministic (fixed seed) and idempotent (ON CONFLICT DO NOTHING).
select setseed(0.2025);

with family(name, weight) as (
    values ('Nguyễn', 38), ('Trần', 11), ('Lê', 9), ('Phạm', 7), ('Huỳnh', 5), ('Phan', 4), ('Võ', 4),
           ('Đặng', 2), ('Bùi', 2), ('Đỗ', 2), ('Hồ', 2), ('Ngô', 2), ('Dương', 1), ('Lý', 1), ('Trương', 1)
), family_pool as (
    select array_agg(name) as names
    from family, generate_series(1, weight)
), communes as (
    select array_agg(code order by code) as codes from area where parent_code = '51' and level = 'COMMUNE'
), people as (
    select n,
           case when random() < 0.55 then 'FEMALE' else 'MALE' end as sex,
           date '1930-01-01' + (random() * 34000)::int as dob,
           random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
    from generate_series(1, 300) as n
)
insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, commune_code,
                         address_line, phone_e164, mobility)
select md5('demo-beneficiary-' || n)::uuid,
       '051'
           || (((extract(year from dob)::int / 100) - 19) * 2 + case sex when 'FEMALE' then 1 else 0 end)::text
           || lpad((extract(year from dob)::int % 100)::text, 2, '0')
           || lpad((n * 7919 % 1000000)::text, 6, '0'),
       'CCCD',
       fp.names[1 + floor(r1 * array_length(fp.names, 1))::int] || ' '
           || case sex
                  when 'FEMALE' then (array['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ'])[1 + floor(r2 * 8)::int]
                  else (array['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công'])[1 + floor(r2 * 8)::int]
              end || ' '
           || case sex
                  when 'FEMALE' then (array['Anh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Nhung', 'Phương',
                                            'Thảo', 'Trang', 'Tuyết', 'Yến', 'Hằng', 'Loan', 'Xuân'])[1 + floor(r3 * 16)::int]
                  else (array['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Hải', 'Long', 'Nam', 'Phúc', 'Quân',
                              'Sơn', 'Tuấn', 'Thắng', 'Vinh', 'Lộc', 'Tài'])[1 + floor(r3 * 16)::int]
              end,
       dob,
       sex,
       c.codes[1 + floor(r4 * array_length(c.codes, 1))::int],
       'Thôn ' || (1 + floor(r5 * 12)::int)::text,
       '+84' || (array['98', '97', '96', '86', '91', '94', '90', '93'])[1 + floor(r6 * 8)::int]
           || lpad((n * 104729 % 10000000)::text, 7, '0'),
       case when r5 < 0.05 then 'CANNOT_TRAVEL' else 'CAN_TRAVEL' end
from people, family_pool fp, communes c
on conflict do nothing;

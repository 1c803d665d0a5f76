-- Seed for the payment-cycle benchmark: 1,000,000 active beneficiaries in Quảng Ngãi (51), spread over
-- its 96 communes, each with one paying entitlement (K5a from 60, K6 below), 40% with a bank account,
-- 10% with an e-wallet, the rest paid in cash (10% cannot travel: at home). Synthetic people only.
\set ON_ERROR_STOP on
create temp table communes as
    select code, (row_number() over (order by code) - 1)::int as i from area where parent_code = '51' and level = 'COMMUNE';
select count(*) as communes from communes \gset

insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, commune_code, address_line, mobility)
select md5('bench-b-' || g)::uuid,
       '079' || (g % 2)::text || lpad(((1930 + g % 60) % 100)::text, 2, '0') || lpad(g::text, 6, '0'),
       'CCCD', 'Người Thử ' || g, make_date(1930 + g % 60, 1 + g % 12, 1 + g % 28),
       case when g % 2 = 0 then 'MALE' else 'FEMALE' end, c.code, 'Thôn ' || (g % 10 + 1),
       case when g % 10 = 9 then 'CANNOT_TRAVEL' else 'CAN_TRAVEL' end
from generate_series(0, :count - 1) g
join communes c on c.i = g % :communes;

insert into entitlement (id, beneficiary_id, program, category_code, variant, decision_number, decision_date, start_month)
select md5('bench-e-' || g)::uuid, md5('bench-b-' || g)::uuid, 'SOCIAL_ASSISTANCE',
       case when 1930 + g % 60 <= 1966 then 'K5a' else 'K6' end,
       case when 1930 + g % 60 <= 1966 then null when g % 3 = 0 then 'ESPECIALLY_SEVERE' else 'SEVERE' end,
       'QĐ-' || g, date '2025-01-10', date '2025-02-01'
from generate_series(0, :count - 1) g;

insert into payment_method (id, beneficiary_id, method, bank_bin, account_number, account_holder_name, wallet_provider,
                            wallet_account, home_delivery_reason, effective_from_month)
select md5('bench-m-' || g)::uuid, md5('bench-b-' || g)::uuid,
       case when g % 10 < 4 then 'BANK_ACCOUNT' else 'E_WALLET' end,
       case when g % 10 < 4 then '970405' end, case when g % 10 < 4 then lpad(g::text, 12, '0') end,
       case when g % 10 < 4 then 'NGUOI THU ' || g end,
       case when g % 10 = 4 then 'VIETTEL_MONEY' end, case when g % 10 = 4 then '+8498' || lpad(g::text, 7, '0') end,
       null, date '2025-02-01'
from generate_series(0, :count - 1) g
where g % 10 < 5;

vacuum analyze beneficiary;
vacuum analyze entitlement;
vacuum analyze payment_method;
-- start the measured work from a checkpointed database, not in the middle of the seed's checkpoint
checkpoint;

-- The core of the beneficiary registry (đối tượng bảo trợ xã hội): who the person is and where they
-- live. Entitlements, representatives, payment methods and status history build on it.
-- Identity rules of domain.md §5 are enforced here as well as in code.

-- A 12-digit citizen ID agrees with the birth year and sex: digit 4 encodes century and sex
-- (1900s: 0 male / 1 female; 2000s: 2 / 3; 2100s: 4 / 5), digits 5-6 the last two digits of the year.
create function citizen_id_consistent(national_id text, date_of_birth date, sex text) returns boolean
    language sql immutable parallel safe
as $$
    select national_id ~ '^0[0-9]{11}$'
       and substr(national_id, 4, 1)::int
           = ((extract(year from date_of_birth)::int / 100) - 19) * 2 + case sex when 'FEMALE' then 1 else 0 end
       and substr(national_id, 5, 2) = lpad((extract(year from date_of_birth)::int % 100)::text, 2, '0')
$$;

create table beneficiary (
    id               uuid primary key,
    national_id      text not null,
    -- CCCD: 12-digit citizen ID; CMND_LEGACY: 9-digit identity card kept from old records only
    national_id_kind text not null,
    full_name        text not null,
    name_folded      text generated always as (fold_vn(full_name)) stored,
    date_of_birth    date not null,
    sex              text not null,
    commune_code     text not null references area (code),
    address_line     text not null,
    phone_e164       text,
    mobility         text not null default 'CAN_TRAVEL',
    status           text not null default 'ACTIVE',
    version          bigint not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    constraint beneficiary_national_id_unique unique (national_id),
    constraint beneficiary_id_kind check (national_id_kind in ('CCCD', 'CMND_LEGACY')),
    constraint beneficiary_id_format check (
        (national_id_kind = 'CCCD' and citizen_id_consistent(national_id, date_of_birth, sex))
        or (national_id_kind = 'CMND_LEGACY' and national_id ~ '^[0-9]{9}$')),
    constraint beneficiary_name_not_blank check (btrim(full_name) <> ''),
    constraint beneficiary_sex check (sex in ('MALE', 'FEMALE')),
    constraint beneficiary_dob_range check (date_of_birth >= date '1900-01-01'),
    constraint beneficiary_phone_format check (phone_e164 is null or phone_e164 ~ '^\+84[0-9]{9}$'),
    constraint beneficiary_mobility check (mobility in ('CAN_TRAVEL', 'CANNOT_TRAVEL')),
    constraint beneficiary_status check (status in ('ACTIVE', 'SUSPENDED', 'ENDED')),
    constraint beneficiary_version check (version >= 0)
);

create index beneficiary_commune_idx on beneficiary (commune_code);
create index beneficiary_name_folded_idx on beneficiary (name_folded text_pattern_ops);
create index beneficiary_dob_idx on beneficiary (date_of_birth);

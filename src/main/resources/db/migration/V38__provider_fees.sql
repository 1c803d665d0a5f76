-- Service fees of the payment providers (phí dịch vụ chi trả), paid from the budget: per province, channel
-- and provider, effective-dated. A paid line costs fixed_vnd + amount × rate_bp / 10,000 (rounded), kept
-- within [min_vnd, max_vnd]. Fees are budget money, so one officer enters a schedule and another approves it.
create table provider_fee (
    id             uuid primary key,
    province_code  text not null references area (code),
    channel        text not null,
    provider_code  text not null,
    effective_from date not null,
    fixed_vnd      bigint not null default 0,
    rate_bp        int not null default 0,
    min_vnd        bigint not null default 0,
    max_vnd        bigint,
    contract_ref   text not null,
    state          text not null default 'PENDING_CHECK',
    requested_by   text not null,
    requested_at   timestamptz not null,
    checked_by     text,
    checked_at     timestamptz,
    check_note     text,
    constraint provider_fee_channel check (channel in ('BANK_ACCOUNT', 'E_WALLET', 'CASH_AT_POINT', 'HOME_DELIVERY')),
    constraint provider_fee_provider check (provider_code ~ '^[A-Z0-9_]{2,32}$'),
    constraint provider_fee_month check (extract(day from effective_from) = 1),
    constraint provider_fee_amounts check (fixed_vnd between 0 and 1000000 and rate_bp between 0 and 1000
        and min_vnd between 0 and 1000000 and (max_vnd is null or max_vnd between min_vnd and 10000000)),
    constraint provider_fee_ref check (btrim(contract_ref) <> ''),
    constraint provider_fee_state check (state in ('PENDING_CHECK', 'APPROVED', 'REJECTED')),
    constraint provider_fee_checked check ((state = 'PENDING_CHECK') = (checked_by is null)
        and (checked_by is null) = (checked_at is null)),
    constraint provider_fee_four_eyes check (checked_by <> requested_by)
);
create unique index provider_fee_once on provider_fee (province_code, channel, effective_from) where state <> 'REJECTED';
create trigger provider_fee_never_deleted before delete on provider_fee for each row execute function refuse_change();

-- The fee of a paid amount under a schedule row, in whole VND.
create function provider_fee_of(amount bigint, fixed_vnd bigint, rate_bp int, min_vnd bigint, max_vnd bigint)
returns bigint language sql immutable as $$
    select least(coalesce(max_vnd, 9223372036854775807), greatest(min_vnd, fixed_vnd + round(amount * rate_bp / 10000.0)::bigint))
$$;

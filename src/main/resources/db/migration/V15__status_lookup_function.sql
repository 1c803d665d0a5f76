-- The payment-status lookup as two functions, so that each database session plans its statements once.
--
-- Why functions: the lookup is the public endpoint that takes the most traffic. Sent as ordinary
-- parameterised statements, PostgreSQL planned the payments statement again on every lookup (its custom
-- plans looked cheaper than a generic one), and planning cost twice the execution: the database spent most
-- of its time planning. PL/pgSQL keeps its statements' plans for the session, and `plan_cache_mode =
-- force_generic_plan` on these functions alone makes it reuse one generic plan (every access is an index
-- probe by key, so the generic plan is the custom one). The rest of the service keeps the default mode.
-- The statements are the ones StatusRepository used; the Java side only maps rows.

-- Payment lines of approved cycles of the given months for these beneficiaries, with where each stands
-- (row_kind 'P'), and the months among cycle_months in which each was suspended (row_kind 'H').
create function status_history(ids uuid[], cycle_months date[], for_months date[])
returns table (row_kind text, beneficiary_id uuid, cycle_month date, reference text, kind text, for_month date,
               amount_vnd bigint, channel text, attempt int, state text, provider_ref text, paid_at timestamptz,
               failure_code text, point_name text, point_address text, first_day int, last_day int,
               opening_hours text, account text, home_delivery_id uuid)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
begin
    return query
    with lines as materialized (
        select l.* from entitlement e
        join payment_line l on l.entitlement_id = e.id and l.for_month = any(for_months) and l.kind in ('REGULAR', 'ARREARS')
        where e.beneficiary_id = any(ids)
        union all
        select l.* from payment_line l
        where l.beneficiary_id = any(ids) and l.for_month = any(for_months) and l.kind not in ('REGULAR', 'ARREARS'))
    select 'P'::text, l.beneficiary_id, c.month, c.code || '-' || l.line_no, l.kind, l.for_month, l.amount_vnd,
           coalesce(rr.channel, l.channel), coalesce(rr.attempt, 1)::int,
           case when co.line_id is not null then 'CARRIED_OVER' when res.outcome is not null then res.outcome
                else 'SCHEDULED' end,
           res.provider_ref, res.paid_at, res.failure_code,
           pp.name, pp.address, pp.first_day::int, pp.last_day::int, pp.opening_hours,
           coalesce(m.account_number, m.wallet_account), hd.id
    from lines l
    join payment_cycle c on c.id = l.cycle_id and c.month = any(cycle_months) and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
    left join lateral (select r.attempt, r.channel, r.payment_point_id from payment_reroute r where r.line_id = l.id
                       order by r.attempt desc limit 1) rr on true
    left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
    left join payment_carry_over co on co.line_id = l.id
    left join payment_method m on m.id = l.payment_method_id
    left join home_delivery hd on hd.line_id = l.id and hd.attempt = coalesce(rr.attempt, 1)
    left join lateral (select p.* from payment_point p
                       where p.id = coalesce(rr.payment_point_id, l.payment_point_id)
                          or (coalesce(rr.payment_point_id, l.payment_point_id) is null
                              and p.commune_code = l.commune_code and p.active)
                       order by p.id = coalesce(rr.payment_point_id, l.payment_point_id) desc nulls last, p.created_at
                       limit 1) pp on true
    order by c.month desc, l.line_no;

    -- held months: the status in force in the month is SUSPENDED (people never suspended have no such row)
    return query
    select 'H'::text, b.id, mo, null::text, null::text, null::date, null::bigint, null::text, null::int, 'HELD'::text,
           null::text, null::timestamptz, null::text, null::text, null::text, null::int, null::int, null::text,
           null::text, null::uuid
    from unnest(ids) b(id)
    cross join unnest(cycle_months) mo
    where exists (select 1 from beneficiary_status_change s where s.beneficiary_id = b.id and s.to_status = 'SUSPENDED')
      and (select s.to_status from beneficiary_status_change s
           where s.beneficiary_id = b.id and s.effective_month <= mo
           order by s.effective_month desc, s.recorded_at desc limit 1) = 'SUSPENDED';
end;
$$;

-- The public lookup in one call: the beneficiaries this national ID and date of birth answer for (the
-- person themselves, or those a confirmed, currently valid representative with this ID receives for),
-- as row_kind 'M' rows, then their history. One call whatever the answer, so a miss costs about the same
-- whichever part was wrong.
create function status_lookup(national_id_in text, date_of_birth_in date, today date, cycle_months date[], for_months date[])
returns table (row_kind text, beneficiary_id uuid, full_name text, commune_code text, via text, cycle_month date,
               reference text, kind text, for_month date, amount_vnd bigint, channel text, attempt int, state text,
               provider_ref text, paid_at timestamptz, failure_code text, point_name text, point_address text,
               first_day int, last_day int, opening_hours text, account text, home_delivery_id uuid)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
    m record;
    found_ids uuid[] := '{}';
begin
    for m in
        select b.id, b.full_name, b.commune_code, 'SELF' as via
        from beneficiary b
        where b.national_id = national_id_in and b.date_of_birth = date_of_birth_in
        union all
        select b.id, b.full_name, b.commune_code, 'REPRESENTATIVE'
        from representative r join beneficiary b on b.id = r.beneficiary_id
        where r.national_id = national_id_in and b.date_of_birth = date_of_birth_in and r.confirmed_at is not null
          and r.valid_from <= today and (r.valid_to is null or r.valid_to >= today)
    loop
        row_kind := 'M';
        beneficiary_id := m.id;
        full_name := m.full_name;
        commune_code := m.commune_code;
        via := m.via;
        return next;
        found_ids := found_ids || m.id;
    end loop;
    if cardinality(found_ids) = 0 then
        return;
    end if;

    return query
    select h.row_kind, h.beneficiary_id, null::text, null::text, null::text, h.cycle_month, h.reference, h.kind,
           h.for_month, h.amount_vnd, h.channel, h.attempt, h.state, h.provider_ref, h.paid_at, h.failure_code,
           h.point_name, h.point_address, h.first_day, h.last_day, h.opening_hours, h.account, h.home_delivery_id
    from status_history(array(select distinct unnest(found_ids)), cycle_months, for_months) h;
end;
$$;

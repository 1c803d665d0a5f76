-- The public lookup and its gate in one call (one round trip, plans kept per session as in V15):
-- first a row of kind 'G' with the ID's one-minute count (lookup_throttle) and its bookkeeping
-- (lookup_guard, V26), then, unless the ID is locked or over its limit, the rows of status_lookup with
-- the commune's name (where to ask). The same work whether the ID is known or not: the gate is keyed by
-- the ID's hash, whoever it belongs to. `at` is the service's clock, never the database's.
create function status_lookup_gated(id_bucket text, id_hash_in text, at timestamptz, id_limit int, enforce boolean,
                                    past_lock boolean, national_id_in text, date_of_birth_in date, today date,
                                    cycle_months date[], for_months date[])
returns table (row_kind text, beneficiary_id uuid, full_name text, commune_code text, commune_name text, via text,
               cycle_month date, reference text, kind text, for_month date, amount_vnd bigint, channel text, attempt int,
               state text, provider_ref text, paid_at timestamptz, failure_code text, point_name text,
               point_address text, first_day int, last_day int, opening_hours text, account text,
               home_delivery_id uuid, id_hits int, window_end timestamptz, g_version int, g_lock_level int,
               g_misses_since_lock int, g_miss_day date, g_misses_day int, g_miss_month date, g_misses_month int,
               g_last_miss_at timestamptz, g_locked_until timestamptz)
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
    g record;
    hits int := 0;
    win timestamptz := date_trunc('minute', at) + interval '1 minute';
begin
    if enforce then
        insert into lookup_throttle as t (bucket, window_start, hits) values (id_bucket, date_trunc('minute', at), 1)
        on conflict (bucket, window_start) do update set hits = t.hits + 1
        returning t.hits into hits;
        select * into g from lookup_guard lg where lg.id_hash = id_hash_in;
        row_kind := 'G';
        id_hits := hits;
        window_end := win;
        if found then
            g_version := g.version;
            g_lock_level := g.lock_level;
            g_misses_since_lock := g.misses_since_lock;
            g_miss_day := g.miss_day;
            g_misses_day := g.misses_day;
            g_miss_month := g.miss_month;
            g_misses_month := g.misses_month;
            g_last_miss_at := g.last_miss_at;
            g_locked_until := g.locked_until;
        end if;
        return next;
        if hits > id_limit or (not past_lock and g_locked_until is not null and g_locked_until > at) then
            return;
        end if;
    end if;
    row_kind := null; id_hits := null; window_end := null; g_version := null; g_lock_level := null;
    g_misses_since_lock := null; g_miss_day := null; g_misses_day := null; g_miss_month := null;
    g_misses_month := null; g_last_miss_at := null; g_locked_until := null;

    return query
    select s.row_kind, s.beneficiary_id, s.full_name, s.commune_code, a.name, s.via, s.cycle_month, s.reference, s.kind,
           s.for_month, s.amount_vnd, s.channel, s.attempt, s.state, s.provider_ref, s.paid_at, s.failure_code,
           s.point_name, s.point_address, s.first_day, s.last_day, s.opening_hours, s.account, s.home_delivery_id,
           null::int, null::timestamptz, null::int, null::int, null::int, null::date, null::int, null::date, null::int,
           null::timestamptz, null::timestamptz
    from status_lookup(national_id_in, date_of_birth_in, today, cycle_months, for_months) s
    left join area a on a.code = s.commune_code;
end;
$$;

-- The phone a one-time code goes to: the beneficiary's own when the ID is theirs (else that of a confirmed,
-- currently valid representative), or the representative's own when the ID is a representative's. One row
-- at most; none when the ID and date of birth match nobody.
create function status_code_phone(national_id_in text, date_of_birth_in date, today date)
returns table (phone_e164 text)
language sql stable
as $$
    select p from (
        select coalesce(b.phone_e164,
                        (select r.phone_e164 from representative r
                         where r.beneficiary_id = b.id and r.confirmed_at is not null and r.phone_e164 is not null
                           and r.valid_from <= today and (r.valid_to is null or r.valid_to >= today)
                         order by r.valid_from desc limit 1)) p, 1 o
        from beneficiary b
        where b.national_id = national_id_in and b.date_of_birth = date_of_birth_in
        union all
        select r.phone_e164, 2
        from representative r join beneficiary b on b.id = r.beneficiary_id
        where r.national_id = national_id_in and b.date_of_birth = date_of_birth_in and r.confirmed_at is not null
          and r.valid_from <= today and (r.valid_to is null or r.valid_to >= today)
    ) x
    order by o, p nulls last
    limit 1
$$;

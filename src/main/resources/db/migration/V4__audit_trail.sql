-- One append-only audit trail for every feature: who did what, when, from which request, to which
-- entity, with the changed fields. Entries are hash-chained: each stores the hash of the one
-- before it, so an edited or deleted entry breaks the chain (audit_chain_breaks finds where).
create table audit_entry (
    id          bigint generated always as identity primary key,
    seq         bigint not null,
    occurred_at timestamptz not null,
    actor_sub   text not null,
    actor_roles text not null,
    request_id  text,
    action      text not null,
    entity_type text not null,
    entity_id   text,
    area_code   text,
    changes     jsonb,
    prev_hash   text not null,
    hash        text not null,
    constraint audit_entry_seq_unique unique (seq),
    constraint audit_entry_seq_positive check (seq > 0),
    constraint audit_entry_action_not_blank check (btrim(action) <> ''),
    constraint audit_entry_hash_format check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')
);

create index audit_entry_entity_idx on audit_entry (entity_type, entity_id, seq);
create index audit_entry_actor_idx on audit_entry (actor_sub, seq);
create index audit_entry_time_idx on audit_entry (occurred_at);
create index audit_entry_area_idx on audit_entry (area_code, seq);

-- The canonical content of an entry, hashed. Timestamps in UTC with microseconds, absent values as
-- empty strings, fields separated by the ASCII unit separator.
create function audit_digest(seq bigint, occurred_at timestamptz, actor_sub text, actor_roles text,
                             request_id text, action text, entity_type text, entity_id text,
                             area_code text, changes jsonb, prev_hash text) returns text
    language sql immutable parallel safe
as $$
    select encode(sha256(convert_to(concat_ws(chr(31),
        seq::text,
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        actor_sub, actor_roles, coalesce(request_id, ''), action, entity_type,
        coalesce(entity_id, ''), coalesce(area_code, ''), coalesce(changes::text, ''), prev_hash),
        'UTF8')), 'hex')
$$;

-- Chains the new entry to the newest one. The transaction-scoped advisory lock serialises writers
-- until commit, so two transactions can never chain to the same predecessor; the unique seq is the
-- backstop if that ever fails. Trigger functions are volatile, so the select after the lock sees
-- the entry committed by the previous holder.
create function audit_entry_chain() returns trigger
    language plpgsql
as $$
declare
    last_seq  bigint;
    last_hash text;
begin
    perform pg_advisory_xact_lock(hashtext('audit_entry_chain'));
    select seq, hash into last_seq, last_hash from audit_entry order by seq desc limit 1;
    new.seq := coalesce(last_seq, 0) + 1;
    new.prev_hash := coalesce(last_hash, repeat('0', 64));
    new.occurred_at := coalesce(new.occurred_at, clock_timestamp());
    new.hash := audit_digest(new.seq, new.occurred_at, new.actor_sub, new.actor_roles, new.request_id,
                             new.action, new.entity_type, new.entity_id, new.area_code, new.changes,
                             new.prev_hash);
    return new;
end
$$;

create trigger audit_entry_chain_before_insert
    before insert on audit_entry
    for each row execute function audit_entry_chain();

create function audit_entry_reject_change() returns trigger
    language plpgsql
as $$
begin
    raise exception 'audit_entry is append-only' using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entry_append_only
    before update or delete on audit_entry
    for each row execute function audit_entry_reject_change();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_reject_change();

-- Entries whose stored hash or link does not match what their content implies, or where a seq is
-- missing (a deleted entry). Empty result = intact chain.
create view audit_chain_break as
select seq,
       case
           when hash <> audit_digest(seq, occurred_at, actor_sub, actor_roles, request_id, action,
                                     entity_type, entity_id, area_code, changes, prev_hash)
               then 'CONTENT_CHANGED'
           when prev_hash <> coalesce(prev_hash_expected, repeat('0', 64)) then 'LINK_BROKEN'
           else 'ENTRY_MISSING'
       end as reason
from (select a.*,
             lag(hash) over (order by seq) as prev_hash_expected,
             lag(seq) over (order by seq)  as prev_seq
      from audit_entry a) chained
where hash <> audit_digest(seq, occurred_at, actor_sub, actor_roles, request_id, action, entity_type,
                           entity_id, area_code, changes, prev_hash)
   or prev_hash <> coalesce(prev_hash_expected, repeat('0', 64))
   or seq <> coalesce(prev_seq, 0) + 1;

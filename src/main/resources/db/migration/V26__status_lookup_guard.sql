-- Issue 18: guessing a date of birth must be infeasible, not slow. The one-hour lock of V14 allowed ~8
-- guesses an hour per ID; it is replaced by per-ID bookkeeping kept for a year (lookup_guard): misses
-- today and this month (each capped), misses since the last lock, and how many locks came before (each
-- lock longer than the last). The arithmetic is in docs/architecture.md ("Payment-status lookup").
-- IDs are keyed hashes (HMAC), as before. The decision is made by the service with the injected clock
-- (GuessGuard); `version` lets concurrent misses of one ID update the row one after another.
drop table lookup_lock;

create table lookup_guard (
    id_hash           text primary key,
    version           int not null,
    lock_level        int not null,
    misses_since_lock int not null,
    miss_day          date not null,
    misses_day        int not null,
    miss_month        date not null,
    misses_month      int not null,
    last_miss_at      timestamptz not null,
    locked_until      timestamptz,
    lifted_at         timestamptz,
    constraint lookup_guard_counts check (version >= 0 and lock_level >= 0 and misses_since_lock >= 0
                                          and misses_day >= 0 and misses_month >= misses_day),
    constraint lookup_guard_month check (extract(day from miss_month) = 1 and miss_day >= miss_month
                                         and miss_day < miss_month + interval '1 month')
);

-- One-time codes of the detail tier (the second factor: the phone registered for the person or their
-- representative). Only a keyed hash of the code is kept, and of the phone (for the per-phone limit). A
-- request for an ID that matches nobody writes a row too (phone_hash null, never sent), so that both cost
-- the same and the per-ID daily limit treats them alike.
create table status_code (
    id          uuid primary key,
    id_hash     text not null,
    phone_hash  text,
    code_hash   text not null,
    created_at  timestamptz not null,
    created_day date not null,
    expires_at  timestamptz not null,
    attempts    int not null default 0,
    used_at     timestamptz,
    sent        boolean not null,
    constraint status_code_expiry check (expires_at > created_at),
    constraint status_code_attempts check (attempts >= 0),
    constraint status_code_used check (used_at is null or used_at >= created_at),
    constraint status_code_sent_needs_phone check (not sent or phone_hash is not null)
);
create index status_code_by_id on status_code (id_hash, created_at desc);
create index status_code_by_phone on status_code (phone_hash, created_day) where phone_hash is not null;

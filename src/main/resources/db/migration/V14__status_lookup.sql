-- Abuse resistance of the public payment-status lookup, shared by every replica: request counters per
-- client and per looked-up ID in one-minute windows, and a lock on an ID after repeated misses. IDs are
-- stored only as keyed hashes (HMAC), never as they were typed.
create unlogged table lookup_throttle (
    bucket       text not null,
    window_start timestamptz not null,
    hits         int not null,
    primary key (bucket, window_start)
);

create table lookup_lock (
    id_hash       text primary key,
    misses        int not null,
    first_miss_at timestamptz not null,
    locked_until  timestamptz
);

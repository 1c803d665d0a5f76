-- Administrative areas as a tree (domain.md §4): province -> [district] -> commune.
-- Since 2025-07-01 there are no districts, but a province still organised that way and the
-- pre-2025 history both fit: the level is data, not a column per level.
-- Codes are text (leading zeros matter) and never reused, so a retired unit keeps its row
-- with valid_to set.
create table area (
    code        text primary key,
    name        text not null,
    name_folded text generated always as (fold_vn(name)) stored,
    level       text not null,
    unit_type   text not null,
    parent_code text references area (code),
    -- '/51/21234/': every ancestor's code, root first; maintained by the trigger below
    path        text not null,
    valid_from  date not null,
    valid_to    date,
    constraint area_code_format check (code ~ '^[0-9]{2,5}$'),
    constraint area_name_not_blank check (btrim(name) <> ''),
    constraint area_level check (level in ('PROVINCE', 'DISTRICT', 'COMMUNE')),
    constraint area_unit_type check (unit_type in
        ('province', 'municipality', 'district', 'town', 'city', 'commune', 'ward', 'township', 'special_zone')),
    constraint area_level_code_length check (
        (level = 'PROVINCE' and length(code) = 2 and parent_code is null)
        or (level = 'DISTRICT' and length(code) = 3 and parent_code is not null)
        or (level = 'COMMUNE' and length(code) = 5 and parent_code is not null)),
    constraint area_validity check (valid_to is null or valid_to > valid_from)
);

create index area_parent_idx on area (parent_code);
create index area_level_idx on area (level);
create index area_path_idx on area (path text_pattern_ops);
create index area_name_folded_idx on area (name_folded text_pattern_ops);

-- The path is derived, never trusted from the caller; a child must sit under a level above it.
create function area_set_path() returns trigger
    language plpgsql
as $$
declare
    parent area%rowtype;
begin
    if new.parent_code is null then
        new.path := '/' || new.code || '/';
        return new;
    end if;
    select * into parent from area where code = new.parent_code;
    if not found then
        raise foreign_key_violation using message = 'parent area ' || new.parent_code || ' does not exist';
    end if;
    if not ((new.level = 'DISTRICT' and parent.level = 'PROVINCE')
            or (new.level = 'COMMUNE' and parent.level in ('PROVINCE', 'DISTRICT'))) then
        raise check_violation using message = new.level || ' cannot sit under ' || parent.level;
    end if;
    new.path := parent.path || new.code || '/';
    return new;
end
$$;

create trigger area_path_before_write
    before insert or update of parent_code, code on area
    for each row execute function area_set_path();

-- A registration of a new person may give the old (pre-2025) area codes of their papers instead of, or beside,
-- the 2025 commune (V30); the mapping applied is kept with it, so the officer who checks it sees how the
-- person was placed.
alter table registration add column area_mapping jsonb;

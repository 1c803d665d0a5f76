-- An imported list in old area codes (V30) is mapped row by row; the import's report says, for every row
-- that carried old codes, which old unit it was read as, which 2025 commune it went to and by which rule
-- (or, for a refused row, the 2025 communes to choose from). The job counts the rows so mapped.
alter table import_row add column area_mapping jsonb;
alter table import_job add column legacy_mapped int not null default 0;
alter table import_job add constraint import_job_legacy_mapped check (legacy_mapped between 0 and total_rows);

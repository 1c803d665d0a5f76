-- The monthly payout-results report is filed like the progress report: a frozen snapshot of one cycle
-- (a province may run several cycles in a month, one per programme), so a payout-results snapshot
-- names its cycle and is filed once per cycle; a progress snapshot names none and stays once per
-- province and month.
alter table report_snapshot add column cycle_id uuid references payment_cycle (id);
alter table report_snapshot drop constraint report_snapshot_kind;
alter table report_snapshot add constraint report_snapshot_kind check (
    (kind = 'PROGRESS' and cycle_id is null) or (kind = 'PAYOUT_RESULTS' and cycle_id is not null));
alter table report_snapshot drop constraint report_snapshot_once;
alter table report_snapshot add constraint report_snapshot_once unique nulls not distinct (kind, area_code, month, cycle_id);

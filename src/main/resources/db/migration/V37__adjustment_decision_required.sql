-- An adjustment either way (a payment owed, or the recovery of an overpayment) carries the number of the
-- decision it carries out. The API always required it; the database now does too for every new row (rows
-- recorded before V22 had no such field, so they are left as they are: NOT VALID checks only new rows).
alter table payment_adjustment add constraint payment_adjustment_decision
    check (decision_ref is not null and btrim(decision_ref) <> '') not valid;

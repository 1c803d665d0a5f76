-- Adjustments: a client's idempotency key, a second person's approval before a payroll pays one, and
-- negative adjustments that recover an overpayment from later months without taking a month below zero.

alter table payment_adjustment drop constraint payment_adjustment_amount;
alter table payment_adjustment add constraint payment_adjustment_amount
    check (amount_vnd <> 0 and amount_vnd > -1000000000 and amount_vnd < 1000000000);
alter table payment_adjustment add column idempotency_key text;
alter table payment_adjustment add column request_sha256 text;
alter table payment_adjustment add column decision_ref text;
alter table payment_adjustment add column state text not null default 'PENDING_CHECK';
alter table payment_adjustment add column checked_by text;
alter table payment_adjustment add column checked_at timestamptz;
alter table payment_adjustment add column check_note text;
-- adjustments recorded before this migration were paid on one officer's word, as the service then allowed
update payment_adjustment set state = 'APPROVED', checked_by = 'before-V22', checked_at = requested_at;
alter table payment_adjustment add constraint payment_adjustment_state check (state in ('PENDING_CHECK', 'APPROVED', 'REJECTED'));
alter table payment_adjustment add constraint payment_adjustment_checked
    check ((state = 'PENDING_CHECK') = (checked_by is null) and (checked_by is null) = (checked_at is null));
alter table payment_adjustment add constraint payment_adjustment_four_eyes check (checked_by <> requested_by);
create unique index payment_adjustment_idempotency on payment_adjustment (requested_by, idempotency_key);

-- The decision is final: an adjustment's amount and reason never change, its state only once.
create or replace function payment_adjustment_guard() returns trigger language plpgsql as $$
begin
    if new.amount_vnd <> old.amount_vnd or new.beneficiary_id <> old.beneficiary_id or new.program <> old.program
       or new.for_month <> old.for_month or new.reason <> old.reason or new.requested_by <> old.requested_by
       or old.state <> 'PENDING_CHECK' then
        raise exception 'payment_adjustment % is decided or its content is fixed', old.id using errcode = '23514';
    end if;
    return new;
end $$;
create trigger payment_adjustment_decided_once before update on payment_adjustment
    for each row execute function payment_adjustment_guard();

-- Recovery (thu hồi): a negative adjustment lowers the person's lines of later cycles of the program, never
-- below zero in a month; what a month could not take waits for the next. A line keeps its gross amount as
-- amount_vnd + recovered_vnd; a line fully recovered pays nothing and needs no result.
alter table payment_line add column recovered_vnd bigint not null default 0;
alter table payment_line drop constraint payment_line_amount;
alter table payment_line add constraint payment_line_amount
    check (recovered_vnd >= 0 and (amount_vnd > 0 or (amount_vnd = 0 and recovered_vnd > 0)));

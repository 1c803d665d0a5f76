-- Payment choices (domain.md §3; Nghị định 20/2021 Điều 34 and the two provincial plans):
-- * a person who declines an account (cash at the commune point, or at home) gives a written reason, kept with
--   the method chosen. Rows written before this rule (and methods set by an officer's fixture without a
--   registration) are not checked: NOT VALID keeps them and checks every new or changed row.
-- * a cash payment point chosen in a method serves the person's commune: checked whenever a method names a
--   point, against the commune the person lives in at that moment (a move reopens the method, see
--   RegistryHistoryService).
alter table payment_method add column declined_account_reason text;
alter table payment_method add constraint payment_method_declined_reason check (
    method in ('BANK_ACCOUNT', 'E_WALLET') or registration_id is null
    or (declined_account_reason is not null and btrim(declined_account_reason) <> '')) not valid;

create function payment_method_point_serves_commune() returns trigger
    language plpgsql
as $$
begin
    -- closing a row (its end month) rewrites every column through Hibernate: only a changed point is checked
    if tg_op = 'UPDATE' and new.payment_point_id is not distinct from old.payment_point_id then
        return new;
    end if;
    if new.payment_point_id is not null and not exists (
            select 1 from payment_point p join beneficiary b on b.commune_code = p.commune_code
            where p.id = new.payment_point_id and b.id = new.beneficiary_id) then
        raise check_violation using message = 'payment point ' || new.payment_point_id
            || ' does not serve the commune of beneficiary ' || new.beneficiary_id,
            constraint = 'payment_method_point_in_commune';
    end if;
    return new;
end
$$;

create trigger payment_method_point_in_commune
    before insert or update of payment_point_id on payment_method
    for each row execute function payment_method_point_serves_commune();

-- A person's payment methods over time, found by person: the reports and the registry read the method in
-- force for a month per beneficiary.
create index payment_method_beneficiary_idx on payment_method (beneficiary_id, effective_from_month);


-- Codes on which sources disagree. The 2025 notice lists Xã Ia Mơ (Gia Lai) as 23737, and some lists from
-- the field carry that code for the old Xã Ia Mơ (Chư Prông, catalogue code 23938), while in the old
-- catalogue 23737 is Xã Ia Mơ Nông (Chư Păh, merged into Xã Ia Ly). An old 23737 is therefore read with its
-- district: under Chư Prông (632) it is Xã Ia Mơ; under Chư Păh (627), or the catalogue's own reading, Ia Mơ
-- Nông. Without a district (or the 2025 commune) it is refused as ambiguous, never guessed.
create table legacy_commune_alias (
    code                text not null,
    district_code       text not null references legacy_district (code),
    means_commune_code  text not null references legacy_commune (code),
    note                text not null,
    primary key (code, district_code)
);

insert into legacy_commune_alias (code, district_code, means_commune_code, note) values
('23737', '632', '23938', 'Xã Ia Mơ (Chư Prông) under the code the 2025 notice gives it; the old catalogue''s 23737 is Xã Ia Mơ Nông (Chư Păh)');

-- A record that came with an old code keeps it, beside the 2025 commune it was mapped to.
alter table beneficiary add column legacy_district_code text references legacy_district (code);
alter table beneficiary add column legacy_commune_code text references legacy_commune (code);
alter table beneficiary add constraint beneficiary_legacy_commune_in_district check (
    legacy_commune_code is null or legacy_district_code is not null);

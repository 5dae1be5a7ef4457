-- Profile details the manager keeps: children by sex and age band, staff by role, and the
-- issue dates and numbers of the legal documents.
alter table institutions add column children_boys integer not null default 0;
alter table institutions add column children_girls integer not null default 0;
alter table institutions add column children_under_6 integer not null default 0;
alter table institutions add column children_6_12 integer not null default 0;
alter table institutions add column children_13_17 integer not null default 0;
alter table institutions add column children_18_plus integer not null default 0;
alter table institutions add column staff_caregivers integer not null default 0;
alter table institutions add column staff_social_workers integer not null default 0;
alter table institutions add column staff_other integer not null default 0;
alter table institutions add column registration_issued_on text;
alter table institutions add column permit_issued_on text;
alter table institutions add column deed_number text;
alter table institutions add column deed_issued_on text;
alter table institutions add column npwp text;

-- Imports that name institution managers: on confirmation each new manager's account gets a
-- one-time invitation link. The links wait here (JSON) only until the page that confirmed the
-- import has shown them once, and at most an hour; the accounts keep only the links' hashes.
alter table institution_imports add column links text;

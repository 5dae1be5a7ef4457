-- Spreadsheet imports of institutions (Dinsos lists): the checked rows wait here until the
-- person who uploaded them confirms, so nothing is written before; the outcome is kept so a
-- repeated confirmation answers the same. Old ones are removed when new files arrive.
create table institution_imports (
    id text primary key,
    user_id text not null references users (id),
    file_name text not null,
    row_count integer not null,
    records text not null,      -- JSON: the checked records with their spreadsheet rows
    problems text not null,     -- JSON: every problem found, by row and column
    outcome text,               -- JSON once confirmed: how many were created, updated, unchanged
    created_at bigint not null,
    confirmed_at bigint
);
create index institution_imports_created on institution_imports (created_at);

-- Imports and the registration form find institutions by their registration number.
create index institutions_registration_number on institutions (registration_number);

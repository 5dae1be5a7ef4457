-- Instrument versions are uploaded, reviewed against the current one, then published. Versions
-- loaded before this existed were in use, so they count as published when they were loaded.
alter table instrument_versions add column published_at bigint;
alter table instrument_versions add column published_by text references users (id);
alter table instrument_versions add column uploaded_by text references users (id);
update instrument_versions set published_at = created_at;
create index instrument_versions_published on instrument_versions (code, published_at);

-- One row per open self-assessment moved to a newer version: what changed for the institution
-- (domain::instrument_diff::Moved, as JSON) and the answers of removed indicators, kept here
-- because they no longer count.
create table instrument_migrations (
    id text primary key,
    cycle_id text not null references cycles (id),
    from_version_id text not null references instrument_versions (id),
    to_version_id text not null references instrument_versions (id),
    report text not null,
    withdrawn_answers text not null,
    created_by text references users (id),
    created_at bigint not null
);
create index instrument_migrations_cycle on instrument_migrations (cycle_id, created_at);

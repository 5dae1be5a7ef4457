-- Photos an assessor takes on site, per indicator. Kept apart from the institution's evidence:
-- they belong to the assessor's own scoring and are not shown to the other assessor.
create table visit_photos (
    id text primary key,               -- generated on the tablet: a retried upload is stored once
    cycle_id text not null references cycles (id),
    assessor_id text not null references users (id),
    indicator_code text not null,
    sha256 text not null references blobs (sha256),
    caption text not null default '',
    created_at bigint not null
);
create index visit_photos_cycle on visit_photos (cycle_id, assessor_id);

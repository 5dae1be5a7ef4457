-- In-app notifications to an institution (its managers) or to a region's Dinsos officers.
create table notifications (
    id text primary key,
    recipient_kind text not null,      -- 'institution' or 'regency'
    recipient text not null,           -- institution id or regency id
    kind text not null,                -- 'decided', 'appeal_filed', 'appeal_resolved', 'expiring', 'expired'
    cycle_id text not null references cycles (id),
    detail text not null default '',   -- a grade or a date, shown in the message
    dedupe_key text not null unique,   -- the same event is announced once, whichever server sees it
    created_at bigint not null
);
create index notifications_recipient on notifications (recipient_kind, recipient, created_at);

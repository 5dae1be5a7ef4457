-- The audit trail in the order events were written: `created_at` has whole seconds, and the
-- ids are random, so events of the same second need a key of their own. `seq` counts up with
-- every event (the writer takes max + 1 inside its write transaction, and SQLite has one
-- writer at a time); events written before this migration take their insertion order.
alter table audit_events add column seq integer;
update audit_events set seq = rowid;
create unique index audit_events_seq on audit_events (seq);
-- Trails of one cycle or one account read in order from the index.
drop index audit_events_entity_time;
create index audit_events_entity_time on audit_events (entity_id, created_at, seq);

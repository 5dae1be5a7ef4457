-- PostgreSQL's form of migrations/20261203000001_audit_order.sql (SQLite numbers the rows it
-- already has by `rowid`, which PostgreSQL has not): `seq` orders the audit trail; writers take
-- max + 1 inside their write transaction, which holds the write lock (see `store::write_tx`).
alter table audit_events add column seq bigint;
update audit_events a set seq = o.n
  from (select id, row_number() over (order by created_at, id) as n from audit_events) o
 where o.id = a.id;
create unique index audit_events_seq on audit_events (seq);
-- Trails of one cycle or one account read in order from the index.
drop index audit_events_entity_time;
create index audit_events_entity_time on audit_events (entity_id, created_at, seq);

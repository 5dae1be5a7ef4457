-- PostgreSQL's audit numbers come from a sequence, so that score saves of different cycles can
-- commit side by side (see `store::group_commit`): max + 1 is only safe under one global writer.
-- SQLite keeps max + 1 (it has one writer); its migration of the same number changes nothing.
create sequence audit_events_seq_numbers owned by audit_events.seq;
select setval('audit_events_seq_numbers', coalesce((select max(seq) from audit_events), 0) + 1, false);
alter table audit_events alter column seq set default nextval('audit_events_seq_numbers');

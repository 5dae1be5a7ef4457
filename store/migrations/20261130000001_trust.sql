-- Trust fixes (issue 9).

-- A change id is the client's name for one edit of one cycle: scoped to the cycle, so another
-- institution (or a later cycle) using the same id is never mistaken for a replay. The payload
-- hash tells a true replay (same edit sent again) from a different edit reusing an id.
create table applied_changes_scoped (
    cycle_id text not null references cycles (id),
    change_id text not null,
    indicator_code text not null,
    payload_hash text not null default '',
    revision integer not null,
    created_at bigint not null,
    primary key (cycle_id, change_id)
);
insert into applied_changes_scoped (cycle_id, change_id, indicator_code, revision, created_at)
    select cycle_id, change_id, indicator_code, revision, created_at from applied_changes;
drop table applied_changes;
alter table applied_changes_scoped rename to applied_changes;

-- Visit change ids likewise belong to one assessor's visit of one cycle.
create table visit_changes_scoped (
    cycle_id text not null references cycles (id),
    assessor_id text not null references users (id),
    change_id text not null,
    indicator_code text not null,
    created_at bigint not null,
    primary key (cycle_id, assessor_id, change_id)
);
insert into visit_changes_scoped (cycle_id, assessor_id, change_id, indicator_code, created_at)
    select cycle_id, assessor_id, change_id, indicator_code, created_at from visit_changes;
drop table visit_changes;
alter table visit_changes_scoped rename to visit_changes;

-- A certificate keeps the name it was issued to, whatever the institution is called later.
alter table certificates add column institution_name text;
update certificates set institution_name = (
    select i.name from cycles c join institutions i on i.id = c.institution_id where c.id = certificates.cycle_id
);

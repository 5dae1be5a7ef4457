-- One log of every view of a stored file, whatever its source: the institution's
-- self-assessment evidence (until now in `evidence_views`), an assessor's site photo and an
-- appeal file (until now audit events nobody could list). Each row names the file's institution
-- and its region, so the log of the country, a province, a regency, an institution or a person is
-- read from an index in time order, newest first, however many million views are logged.

create table file_views (
    id text primary key,
    source text not null,              -- 'evidence', 'site_photo' or 'appeal_file'
    file_id text not null,             -- evidence.id, visit_photos.id or appeal_files.id
    institution_id text not null references institutions (id),
    regency_id text not null references regencies (id),    -- the institution's, kept current
    province_id text not null references provinces (id),   -- when an import moves it
    user_id text not null references users (id),
    variant text not null,             -- 'full' or 'thumbnail'
    created_at bigint not null
);

insert into file_views (id, source, file_id, institution_id, regency_id, province_id, user_id, variant, created_at)
select v.id, 'evidence', v.evidence_id, c.institution_id, i.regency_id, r.province_id, v.user_id, v.variant, v.created_at
  from evidence_views v
  join evidence e on e.id = v.evidence_id
  join cycles c on c.id = e.cycle_id
  join institutions i on i.id = c.institution_id
  join regencies r on r.id = i.regency_id;

-- The variant was written as the audit event's text ('{"t":"text","text":"thumbnail"}').
insert into file_views (id, source, file_id, institution_id, regency_id, province_id, user_id, variant, created_at)
select a.id, 'site_photo', a.entity_id, c.institution_id, i.regency_id, r.province_id, a.actor_user_id,
       case when a.after_state like '%thumbnail%' then 'thumbnail' else 'full' end, a.created_at
  from audit_events a
  join visit_photos p on p.id = a.entity_id
  join cycles c on c.id = p.cycle_id
  join institutions i on i.id = c.institution_id
  join regencies r on r.id = i.regency_id
 where a.action = 'view_visit_photo' and a.entity = 'visit_photo' and a.actor_user_id is not null;

insert into file_views (id, source, file_id, institution_id, regency_id, province_id, user_id, variant, created_at)
select a.id, 'appeal_file', a.entity_id, c.institution_id, i.regency_id, r.province_id, a.actor_user_id,
       case when a.after_state like '%thumbnail%' then 'thumbnail' else 'full' end, a.created_at
  from audit_events a
  join appeal_files f on f.id = a.entity_id
  join cycles c on c.id = f.cycle_id
  join institutions i on i.id = c.institution_id
  join regencies r on r.id = i.regency_id
 where a.action = 'view_appeal_file' and a.entity = 'appeal_file' and a.actor_user_id is not null;

drop table evidence_views;

-- Newest first: the whole country, a province, a regency, an institution, a person; and the
-- views of one file.
create index file_views_created on file_views (created_at, id);
create index file_views_province on file_views (province_id, created_at, id);
create index file_views_regency on file_views (regency_id, created_at, id);
create index file_views_institution on file_views (institution_id, created_at, id);
create index file_views_user on file_views (user_id, created_at, id);
create index file_views_file on file_views (source, file_id, created_at);

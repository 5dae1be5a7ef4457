-- National size (14,445 institutions, ~11 million score rows): what cross-institution pages
-- read is kept small and indexed, so no page reads every score row per request.

-- When the cycle entered its current state, set by every transition (the dashboard's ageing).
alter table cycles add column state_entered_at bigint;
update cycles set state_entered_at = coalesce(
    (select max(a.created_at) from audit_events a
      where a.entity = 'cycle' and a.action = 'transition' and a.entity_id = cycles.id
        and a.after_state = cycles.state),
    updated_at);
create index cycles_state_grade on cycles (state, grade);

-- The institution's region on each cycle (an institution stays in its regency), so that counts
-- within a region are read from an index instead of joining every cycle to its institution.
alter table cycles add column regency_id text;
alter table cycles add column province_id text;
update cycles set
    regency_id = (select i.regency_id from institutions i where i.id = cycles.institution_id),
    province_id = (select r.province_id from institutions i join regencies r on r.id = i.regency_id
                    where i.id = cycles.institution_id);
create index cycles_province_state on cycles (province_id, state, grade);
create index cycles_regency_state on cycles (regency_id, state, grade);
create index cycles_institution_created on cycles (institution_id, created_at);

-- Per reconciled cycle and component: the weighted self-scores and final scores, written in the
-- reconciliation's transaction. The dashboard sums these few rows instead of the score tables.
create table cycle_component_results (
    cycle_id text not null references cycles (id),
    component_code text not null,
    self_earned bigint not null,       -- Σ(self-score × weight) over indicators self-scored
    self_possible bigint not null,     -- Σ(4 × weight) over the same indicators
    final_earned bigint not null,
    final_possible bigint not null,
    final_percent_hundredths bigint not null,
    -- The institution's region and the cycle's state, copied so that the dashboard sums these
    -- rows alone; `store::cycles::transition_by` keeps `state` current in the transition's own
    -- transaction.
    regency_id text not null default '',
    province_id text not null default '',
    state text not null default '',
    primary key (cycle_id, component_code)
);
insert into cycle_component_results
    (cycle_id, component_code, self_earned, self_possible, final_earned, final_possible, final_percent_hundredths)
select c.id, ind.component_code,
       coalesce(sum(a.self_score * ind.weight), 0),
       coalesce(sum(case when a.self_score is not null then 4 * ind.weight else 0 end), 0),
       coalesce(sum(f.score * ind.weight), 0),
       coalesce(sum(case when f.score is not null then 4 * ind.weight else 0 end), 0),
       case when coalesce(sum(case when f.score is not null then 4 * ind.weight else 0 end), 0) = 0 then 0
            else (coalesce(sum(f.score * ind.weight), 0) * 20000
                  + coalesce(sum(case when f.score is not null then 4 * ind.weight else 0 end), 0))
                 / (2 * coalesce(sum(case when f.score is not null then 4 * ind.weight else 0 end), 0)) end
  from cycles c
  join indicators ind on ind.instrument_version_id = c.instrument_version_id
  left join answers a on a.cycle_id = c.id and a.indicator_code = ind.code
  left join final_scores f on f.cycle_id = c.id and f.indicator_code = ind.code
 where exists (select 1 from cycle_results cr where cr.cycle_id = c.id)
 group by c.id, ind.component_code;
update cycle_component_results set
    regency_id = (select i.regency_id from cycles c join institutions i on i.id = c.institution_id
                   where c.id = cycle_component_results.cycle_id),
    province_id = (select r.province_id from cycles c join institutions i on i.id = c.institution_id
                     join regencies r on r.id = i.regency_id where c.id = cycle_component_results.cycle_id),
    state = (select c.state from cycles c where c.id = cycle_component_results.cycle_id);
create index cycle_component_results_regency on cycle_component_results (regency_id);

-- Per regency, component and state: the sums of the rows above, rebuilt for the regency in the
-- transaction that changes one of its rows (`store::summary`). The national dashboard reads
-- these few thousand rows.
create table regency_component_totals (
    regency_id text not null,
    province_id text not null,
    component_code text not null,
    state text not null,
    cycles bigint not null,
    percent_sum bigint not null,
    self_earned bigint not null,
    self_possible bigint not null,
    final_earned bigint not null,
    final_possible bigint not null,
    primary key (regency_id, component_code, state)
);
create index regency_component_totals_province on regency_component_totals (province_id);
insert into regency_component_totals
select regency_id, province_id, component_code, state, count(*), sum(final_percent_hundredths),
       sum(self_earned), sum(self_possible), sum(final_earned), sum(final_possible)
  from cycle_component_results group by regency_id, province_id, component_code, state;

-- The institution's latest certificate not revoked (the registry's entry), kept current by
-- `store::summary::record_certificate` in the transaction that issues or revokes one.
alter table institutions add column certificate_id text references certificates (id);
update institutions set certificate_id = (select ce.id from cycles c join certificates ce on ce.cycle_id = c.id
                         where c.institution_id = institutions.id and ce.revoked_at is null
                         order by ce.created_at desc, ce.id desc limit 1);
create index institutions_certificate on institutions (certificate_id, name, id);

-- Lists ordered by name page through an index instead of sorting every row.
create index institutions_name on institutions (name, id);
create index institutions_regency_name on institutions (regency_id, name, id);
create index users_role on users (role);
create index certificates_in_force on certificates (cycle_id, revoked_at, created_at);
create index audit_events_entity_time on audit_events (entity_id, created_at);

-- Intake, assignment, the assessors' site visit and the supervisor's reconciliation.

-- An assessor declares a tie to an institution (family, employment, foundation board...);
-- such a person cannot be assigned to it.
create table conflicts_of_interest (
    id text primary key,
    user_id text not null references users (id),
    institution_id text not null references institutions (id),
    reason text not null,
    created_at bigint not null,
    unique (user_id, institution_id)
);

-- Each assessor's own score per indicator; nobody else sees it until both have submitted.
create table visit_scores (
    cycle_id text not null references cycles (id),
    assessor_id text not null references users (id),
    indicator_code text not null,
    score integer,                     -- null while only noted or marked
    note text not null default '',
    check_on_site boolean not null default false,   -- marked during the desk review
    updated_at bigint not null,
    primary key (cycle_id, assessor_id, indicator_code)
);

-- Change ids from tablets already applied: a replayed sync batch is stored once.
create table visit_changes (
    change_id text primary key,
    cycle_id text not null references cycles (id),
    assessor_id text not null references users (id),
    indicator_code text not null,
    created_at bigint not null
);

create table visit_submissions (
    cycle_id text not null references cycles (id),
    assessor_id text not null references users (id),
    created_at bigint not null,
    primary key (cycle_id, assessor_id)
);

-- The reconciled score per indicator; a score that differs from both assessors has a reason.
create table final_scores (
    cycle_id text not null references cycles (id),
    indicator_code text not null,
    score integer not null,
    reason text not null default '',
    set_by text not null references users (id),
    created_at bigint not null,
    primary key (cycle_id, indicator_code)
);

-- The scoring engine's result over the final scores, kept as computed for the decision.
create table cycle_results (
    cycle_id text primary key references cycles (id),
    evaluation text not null,          -- JSON of domain::Evaluation
    total_hundredths bigint not null,
    recommended_grade text not null,
    reconciled_by text not null references users (id),
    created_at bigint not null
);

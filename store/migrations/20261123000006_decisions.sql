-- Decisions, certificates and appeals.

create table decisions (
    id text primary key,
    cycle_id text not null references cycles (id),
    kind text not null,                -- 'approve', 'reject', 'send_back', 'appeal_upheld', 'appeal_changed'
    grade text,                        -- the grade decided (null for a send-back)
    reasons text not null default '',
    decided_by text not null references users (id),
    decided_on text not null,          -- ISO date
    created_at bigint not null
);
create index decisions_cycle on decisions (cycle_id, created_at);

-- Numbered per regency and year; the verification code is what the public URL and QR carry.
create table certificates (
    id text primary key,
    cycle_id text not null references cycles (id),
    number text not null unique,
    regency_id text not null references regencies (id),
    year integer not null,
    seq integer not null,
    grade text not null,
    issued_on text not null,
    valid_until text not null,
    verification_code text not null unique,
    revoked_at bigint,
    revoked_reason text,
    created_at bigint not null,
    unique (regency_id, year, seq)
);
create index certificates_cycle on certificates (cycle_id);

create table appeals (
    id text primary key,
    cycle_id text not null references cycles (id),
    reasons text not null,
    filed_by text not null references users (id),
    filed_on text not null,
    outcome text,                      -- 'upheld' or 'changed', once decided
    outcome_grade text,
    outcome_reasons text,
    decided_by text references users (id),
    decided_at bigint,
    created_at bigint not null
);
create index appeals_cycle on appeals (cycle_id);

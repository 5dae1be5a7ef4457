-- People: one-time links to set a password (invitations for new accounts, resets for existing
-- ones). Only the SHA-256 of the random 256-bit token is stored, so a leaked table opens nothing.
-- A new account has no password (`password_hash = ''`, which never verifies) until its
-- invitation is used.
create table account_links (
    token_hash text primary key,
    user_id text not null references users (id) on delete cascade,
    purpose text not null,             -- 'invitation' or 'reset'
    created_by text references users (id),
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint,
    -- set when a newer link for the same account replaced this one before it was used
    voided_at bigint
);
create index account_links_user on account_links (user_id, created_at);

create index users_region on users (province_id, regency_id);
create index users_institution on users (institution_id);

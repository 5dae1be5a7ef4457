-- People: an optional e-mail address per account. When the server has a mail server
-- (LKSA_SMTP_URL), invitation and reset links are also e-mailed there.
alter table users add column email text;

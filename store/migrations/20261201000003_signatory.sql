-- The certificate's signatory block: who approved, in which position, under which decree.
-- Snapshots on the certificate, like the institution's name: a later change of position or a
-- renamed account does not rewrite a certificate already issued.
alter table users add column position text not null default '';
alter table decisions add column reference text;
alter table certificates add column signer_name text;
alter table certificates add column signer_position text;
alter table certificates add column decree_number text;

-- On PostgreSQL audit numbers come from a sequence (migrations-postgres, same name). SQLite has
-- one writer at a time, and `store::audit` numbers each event max + 1 inside it: nothing to change.
select 1;

-- BEFORE UPDATE on every editable record: the database moves the version on every
-- change, whoever makes it and however (a screen, an import, psql), so a save made with
-- the version the form loaded is refused after any other change. The version moves by
-- one when a column changes, or when the update sets the version (a service saving a
-- record's other parts, a customer's phones, touches it so); whatever value it sets is
-- never stored. An update that changes nothing leaves it (and logs nothing). The
-- trigger's arguments name columns that are no edit: counters the server keeps by
-- itself (how often a value was used, how many notices went out) and generated columns
-- (not yet computed in a BEFORE trigger).
CREATE OR REPLACE FUNCTION app.bump_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    not_edits text[] := coalesce(TG_ARGV, '{}') || '{version}';  -- TG_ARGV: NULL for none
BEGIN
    IF to_jsonb(NEW) - not_edits <> to_jsonb(OLD) - not_edits
       OR NEW.version IS DISTINCT FROM OLD.version THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := OLD.version;
    END IF;
    RETURN NEW;
END
$fn$;

-- TRUNCATE app.ticket empties the ticket tally too (revision 0013): a truncate fires no
-- row trigger, and a tally of tickets that are gone would count them forever.
CREATE OR REPLACE FUNCTION app.ticket_tally_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    DELETE FROM app.ticket_tally_change;
    DELETE FROM app.ticket_tally;
    RETURN NULL;
END
$fn$;

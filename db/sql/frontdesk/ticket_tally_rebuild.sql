-- Count the ticket tally again from app.ticket (revision 0013): when the revision is
-- installed, and after tickets were written with the triggers off (a bulk load as
-- superuser with session_replication_role = replica). Writers wait meanwhile (SHARE
-- lock); readers keep reading the old tally until it commits. Returns the tickets counted.
CREATE OR REPLACE FUNCTION app.ticket_tally_rebuild() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    counted bigint;
BEGIN
    LOCK TABLE app.ticket IN SHARE MODE;
    DELETE FROM app.ticket_tally_change;
    DELETE FROM app.ticket_tally;
    INSERT INTO app.ticket_tally (status, warranty_class, visit, urgent, tickets, fee_total)
    SELECT status, warranty_class, visit, urgent, count(*), sum(fee_total)
    FROM app.ticket
    GROUP BY status, warranty_class, visit, urgent;
    SELECT coalesce(sum(tickets), 0) INTO counted FROM app.ticket_tally;
    RETURN counted;
END
$fn$;

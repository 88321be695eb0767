-- Fold the appended changes of the ticket tally into app.ticket_tally (revision 0013).
-- One compaction at a time (a transaction that finds one running leaves the work to it);
-- it moves only the changes its statement sees (committed ones, and its own transaction's),
-- so a reader sees every change exactly once, before or after the fold. Returns the
-- number of tally rows it touched.
CREATE OR REPLACE FUNCTION app.ticket_tally_compact() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    folded integer;
BEGIN
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('app.ticket_tally')) THEN
        RETURN 0;
    END IF;
    WITH moved AS (
        DELETE FROM app.ticket_tally_change
        RETURNING status, warranty_class, visit, urgent, tickets, fee_total
    )
    INSERT INTO app.ticket_tally AS t (status, warranty_class, visit, urgent, tickets, fee_total)
    SELECT status, warranty_class, visit, urgent, sum(tickets), sum(fee_total)
    FROM moved
    GROUP BY status, warranty_class, visit, urgent
    ORDER BY status, warranty_class, visit, urgent
    ON CONFLICT (status, warranty_class, visit, urgent) DO UPDATE
        SET tickets = t.tickets + excluded.tickets,
            fee_total = t.fee_total + excluded.fee_total;
    GET DIAGNOSTICS folded = ROW_COUNT;
    RETURN folded;
END
$fn$;

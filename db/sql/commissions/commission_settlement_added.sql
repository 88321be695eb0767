-- AFTER INSERT ON app.settlement: a voided settlement's reversal takes the ticket's
-- commission back (app.commission_refund); a new sale of a refunded ticket reinstates
-- it (app.commission_resettle). In the settlement's own transaction. SECURITY DEFINER:
-- nobody writes the lines but these functions.
CREATE OR REPLACE FUNCTION app.commission_settlement_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NEW.kind = 'reversal' THEN
        PERFORM app.commission_refund(NEW.ticket_id, NEW.id);
    ELSE
        PERFORM app.commission_resettle(NEW.ticket_id, NEW.id);
    END IF;
    RETURN NULL;
END
$fn$;

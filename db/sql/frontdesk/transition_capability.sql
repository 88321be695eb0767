-- The capability that moving a ticket to p_target needs (domain/tickets.py
-- transition_capability says the same).
CREATE OR REPLACE FUNCTION app.transition_capability(p_target text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE p_target WHEN 'cancelled' THEN 'intake.cancel'
                         WHEN 'picked_up' THEN 'settlement.collect'
                         ELSE 'intake.edit' END
$fn$;

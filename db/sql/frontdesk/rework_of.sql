-- Which earlier repair a new ticket of the unit reworks: among its picked-up repairs
-- (jsonb [{ticket_id, picked_up_at, repair_warranty_until}]) the latest pickup still under
-- repair warranty on p_today (ties: the higher ticket id), or NULL. The same rule as
-- domain/warranty.py find_rework; app.ticket_intake passes the device's tickets.
CREATE OR REPLACE FUNCTION app.rework_of(p_prior jsonb, p_today date) RETURNS bigint
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT r.ticket_id
    FROM jsonb_to_recordset(coalesce(p_prior, '[]'))
         AS r(ticket_id bigint, picked_up_at timestamptz, repair_warranty_until date)
    WHERE r.repair_warranty_until >= p_today
    ORDER BY r.picked_up_at DESC, r.ticket_id DESC
    LIMIT 1
$fn$;

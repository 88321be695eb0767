-- Whether a ticket in p_status is closed: no move leads out of it in app.ticket_transition
-- (picked up, cancelled and, since revision 0018, completed). The one home of the closed
-- statuses for every ticket function (revision 0020: edit, move and quote had their own
-- list without completed); domain/tickets.py CLOSED_STATUSES is its copy (a test compares).
CREATE OR REPLACE FUNCTION app.ticket_is_closed(p_status text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT NOT EXISTS (SELECT FROM app.ticket_transition t WHERE t.from_status = p_status)
$fn$;

CREATE OR REPLACE FUNCTION app.ticket_for_update(p_id bigint, p_version integer)
RETURNS app.ticket
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
BEGIN
    SELECT * INTO t FROM app.ticket WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('ticket_missing', p_id::text);
    END IF;
    IF p_version IS NOT NULL AND t.version <> p_version THEN
        PERFORM app.refuse('stale', (SELECT s.by_operator || '|' || s.at::text
            FROM app.ticket_status s WHERE s.ticket_id = p_id ORDER BY s.id DESC LIMIT 1));
    END IF;
    RETURN t;
END
$fn$;

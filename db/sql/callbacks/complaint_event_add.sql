-- One line of a complaint's history, by the caller, now; and a notice on channel
-- 'complaints' so that open queues reload ({"id", "number", "state", "event"}).
CREATE OR REPLACE FUNCTION app.complaint_event_add(p_complaint bigint, p_kind text,
                                                   p_note text, p_level smallint,
                                                   p_owner text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    INSERT INTO app.complaint_event (complaint_id, kind, note, level, owner)
    VALUES (p_complaint, p_kind, coalesce(p_note, ''), coalesce(p_level, 0), p_owner);
    SELECT pg_notify('complaints', jsonb_build_object(
        'id', c.id, 'number', c.number, 'state', c.state, 'event', p_kind)::text)
    FROM app.complaint c WHERE c.id = p_complaint;
$fn$;

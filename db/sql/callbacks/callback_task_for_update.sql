-- The callback task p_task locked for an attempt or a survey, its ticket locked first
-- (the order every writer of a ticket takes), after the checks they share: the task
-- exists (task_missing) and p_version (the version the screen loaded) is its version
-- now, else document_stale names who touched it last and when. The state is the
-- caller's to check (a correction is recorded on a done task).
CREATE OR REPLACE FUNCTION app.callback_task_for_update(p_task bigint, p_version integer)
RETURNS app.callback_task
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    k app.callback_task;
    ticket_ bigint;
BEGIN
    SELECT x.ticket_id INTO ticket_ FROM app.callback_task x WHERE x.id = p_task;
    IF NOT FOUND THEN
        PERFORM app.refuse('task_missing', p_task::text);
    END IF;
    PERFORM FROM app.ticket t WHERE t.id = ticket_ FOR UPDATE;
    SELECT * INTO k FROM app.callback_task x WHERE x.id = p_task FOR UPDATE;
    IF p_version IS NOT NULL AND p_version <> k.version THEN
        PERFORM app.refuse('document_stale', coalesce(
            (SELECT a.by_operator || '|' || a.at::text FROM app.callback_attempt a
             WHERE a.task_id = k.id ORDER BY a.id DESC LIMIT 1),
            coalesce(k.closed_by, 'system') || '|' || coalesce(k.closed_at, k.created_at)::text));
    END IF;
    RETURN k;
END
$fn$;

-- The task and version a callback action names: p = {"task_id", "version", ...}, both
-- required (field_malformed for anything but an object, task_missing without a task,
-- field_required without a version). The attempt and the survey read them this way
-- before their own fields.
CREATE OR REPLACE FUNCTION app.callback_task_request(p jsonb, OUT task_id bigint,
                                                     OUT version integer)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'task_id');
    END IF;
    task_id := app.arg_id(p ->> 'task_id', 'task_id');
    version := app.arg_int(p ->> 'version', 'version', 1, 2000000000);
    IF task_id IS NULL THEN
        PERFORM app.refuse('task_missing', '');
    END IF;
    IF version IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;
END
$fn$;

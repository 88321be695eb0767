-- Trigger on app.callback_task (AFTER INSERT, UPDATE OF state, due_on, technician_id,
-- service_mode, DELETE, each row) keeping the monthly callback rollup
-- (app.callback_task_month): a task counts once, in its due month under its state; a
-- change of state (or of what it is counted by) moves it.
-- SECURITY DEFINER: the rollup is written whoever writes the task.
CREATE OR REPLACE FUNCTION app.callback_task_counted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND old.state = new.state AND old.due_on = new.due_on
       AND old.technician_id IS NOT DISTINCT FROM new.technician_id
       AND old.service_mode IS NOT DISTINCT FROM new.service_mode THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM app.callback_task_count(old.due_on, old.technician_id, old.service_mode,
                                        old.state, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM app.callback_task_count(new.due_on, new.technician_id, new.service_mode,
                                        new.state, 1);
    END IF;
    RETURN NULL;
END
$fn$;

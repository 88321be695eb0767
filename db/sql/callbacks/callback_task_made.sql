-- Trigger (AFTER UPDATE OF status ON app.ticket, when a ticket becomes picked_up or
-- completed): the ticket's callback tasks (app.callback_tasks_make). SECURITY DEFINER:
-- whoever moves the ticket (the counter, a technician's work report) may not write tasks.
CREATE OR REPLACE FUNCTION app.callback_task_made() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.callback_tasks_make(new.id);
    RETURN NULL;
END
$fn$;

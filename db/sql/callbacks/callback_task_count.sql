-- Adds (p_sign 1) or takes back (p_sign -1) one task in the monthly callback rollup
-- (app.callback_task_month): the tasks due in a month (the shop's days) per technician,
-- service mode and state, which the statistics read instead of counting a year of tasks
-- one by one.
CREATE OR REPLACE FUNCTION app.callback_task_count(p_due_on date, p_technician_id bigint,
                                                   p_service_mode text, p_state text,
                                                   p_sign integer)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    month_ date := date_trunc('month', p_due_on)::date;
BEGIN
    -- the row first (a negative count would fail the CHECK as a row to insert, before
    -- ON CONFLICT could turn it into an update); the first task of a key inserts
    UPDATE app.callback_task_month m SET tasks = m.tasks + p_sign
    WHERE m.month = month_
      AND (m.technician_id = p_technician_id
           OR p_technician_id IS NULL AND m.technician_id IS NULL)
      AND (m.service_mode = p_service_mode
           OR p_service_mode IS NULL AND m.service_mode IS NULL)
      AND m.state = p_state;
    IF NOT FOUND THEN
        INSERT INTO app.callback_task_month AS m (month, technician_id, service_mode, state,
                                                  tasks)
        VALUES (month_, p_technician_id, p_service_mode, p_state, p_sign)
        -- another transaction inserted the key meanwhile
        ON CONFLICT (month, technician_id, service_mode, state) DO UPDATE
            SET tasks = m.tasks + excluded.tasks;
    END IF;
END
$fn$;

-- Open the complaint p (its customer, ticket, technician, survey, task, source, severity,
-- summary, details and owner as the caller checked them): the day's next number 'TS...',
-- the deadline its severity gives (app.complaint_deadline), an 'open' event, and an
-- 'assign' event when it has an owner from the start. Returns the stored row.
CREATE OR REPLACE FUNCTION app.complaint_insert(p app.complaint) RETURNS app.complaint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c app.complaint;
BEGIN
    INSERT INTO app.complaint (number, customer_id, ticket_id, technician_id, survey_id,
                               task_id, source, severity, summary, details, owner,
                               deadline_at)
    VALUES (app.next_number('TS'), p.customer_id, p.ticket_id, p.technician_id, p.survey_id,
            p.task_id, p.source, p.severity, p.summary, coalesce(p.details, ''), p.owner,
            app.complaint_deadline(p.severity, now()))
    RETURNING * INTO c;
    PERFORM app.complaint_event_add(c.id, 'open', '', 0::smallint, NULL);
    IF c.owner IS NOT NULL THEN
        PERFORM app.complaint_event_add(c.id, 'assign', '', 0::smallint, c.owner);
    END IF;
    RETURN c;
END
$fn$;

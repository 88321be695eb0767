-- Change what the intake recorded. Every value is read through the app.arg_* readers
-- (a wrong one is refused naming its field); the promised date stays within two years of
-- the intake; the version moves by the table's trigger.
-- A closed ticket (app.ticket_is_closed: picked up, completed, cancelled) is refused.
CREATE OR REPLACE FUNCTION app.ticket_edit(p_id bigint, p_version integer, p jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    promised date;
    version_ integer;
BEGIN
    PERFORM app.need('intake.edit');
    t := app.ticket_for_update(p_id, p_version);
    IF app.ticket_is_closed(t.status) THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    promised := app.arg_date(p ->> 'promised_on', 'promised_date');
    IF promised < t.received_on THEN
        PERFORM app.refuse('promised_before_intake', 'promised_date');
    END IF;
    IF promised > t.received_on + 730 THEN
        PERFORM app.refuse('promised_too_late', '730');
    END IF;
    IF p ? 'fault' AND app.is_blank(p ->> 'fault') THEN
        PERFORM app.refuse('fault_required', 'fault');
    END IF;
    PERFORM app.arg_text(p ->> 'fault', 'fault', 500),
            app.arg_text(p ->> 'accessories', 'accessories', 300),
            app.arg_text(p ->> 'appearance', 'appearance', 300),
            app.arg_text(p ->> 'remarks', 'remarks', 1000),
            app.arg_text(p ->> 'address', 'address', 200);
    UPDATE app.ticket SET
        promised_on = coalesce(promised, promised_on),
        urgent = coalesce(app.arg_bool(p ->> 'urgent', 'urgent'), urgent),
        fault = coalesce(btrim(p ->> 'fault'), fault),
        accessories = coalesce(btrim(p ->> 'accessories'), accessories),
        appearance = coalesce(btrim(p ->> 'appearance'), appearance),
        remarks = coalesce(btrim(p ->> 'remarks'), remarks),
        technician_id = CASE WHEN p ? 'technician_id'
                             THEN app.arg_id(p ->> 'technician_id', 'technician_id')
                             ELSE technician_id END,
        work_type_id = CASE WHEN p ? 'work_type_id'
                            THEN app.arg_id(p ->> 'work_type_id', 'work_type_id')
                            ELSE work_type_id END,
        address = coalesce(btrim(p ->> 'address'), address),
        region_id = CASE WHEN p ? 'region_id' THEN app.arg_id(p ->> 'region_id', 'region_id')
                         ELSE region_id END,
        appointment_at = CASE WHEN p ? 'appointment_at'
                              THEN app.arg_time(p ->> 'appointment_at', 'appointment_at')
                              ELSE appointment_at END
    WHERE id = t.id RETURNING version INTO version_;
    PERFORM app.ticket_changed(t.id, 'edited');
    RETURN jsonb_build_object('id', t.id, 'version', version_);
END
$fn$;

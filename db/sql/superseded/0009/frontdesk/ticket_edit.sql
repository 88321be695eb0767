CREATE OR REPLACE FUNCTION app.ticket_edit(p_id bigint, p_version integer, p jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
BEGIN
    PERFORM app.need('intake.edit');
    t := app.ticket_for_update(p_id, p_version);
    IF t.status IN ('picked_up', 'cancelled') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF p ? 'promised_on' AND (p ->> 'promised_on')::date < t.received_on THEN
        PERFORM app.refuse('promised_before_intake', 'promised_on');
    END IF;
    IF p ? 'fault' AND btrim(coalesce(p ->> 'fault', '')) = '' THEN
        PERFORM app.refuse('fault_required', 'fault');
    END IF;
    UPDATE app.ticket SET
        promised_on = coalesce((p ->> 'promised_on')::date, promised_on),
        urgent = coalesce((p ->> 'urgent')::boolean, urgent),
        fault = coalesce(btrim(p ->> 'fault'), fault),
        accessories = coalesce(btrim(p ->> 'accessories'), accessories),
        appearance = coalesce(btrim(p ->> 'appearance'), appearance),
        remarks = coalesce(btrim(p ->> 'remarks'), remarks),
        technician_id = CASE WHEN p ? 'technician_id' THEN (p ->> 'technician_id')::bigint
                             ELSE technician_id END,
        work_type_id = CASE WHEN p ? 'work_type_id' THEN (p ->> 'work_type_id')::bigint
                            ELSE work_type_id END,
        address = coalesce(btrim(p ->> 'address'), address),
        region_id = CASE WHEN p ? 'region_id' THEN (p ->> 'region_id')::bigint
                         ELSE region_id END,
        appointment_at = CASE WHEN p ? 'appointment_at'
                              THEN (p ->> 'appointment_at')::timestamptz
                              ELSE appointment_at END,
        version = version + 1
    WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'edited');
    RETURN jsonb_build_object('id', t.id, 'version', t.version + 1);
END
$fn$;

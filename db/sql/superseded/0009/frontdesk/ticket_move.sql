CREATE OR REPLACE FUNCTION app.ticket_move(p_id bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    kind_ text := p ->> 'kind';
    label_ text;
BEGIN
    PERFORM app.need('intake.edit');
    t := app.ticket_for_update(p_id, NULL);
    IF t.status IN ('picked_up', 'cancelled') AND kind_ <> 'customer' THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    label_ := CASE kind_
        WHEN 'shelf' THEN btrim(coalesce(p ->> 'shelf', ''))
        WHEN 'warehouse' THEN (SELECT w.name FROM app.warehouse w
                               WHERE w.id = (p ->> 'warehouse_id')::bigint)
                              || CASE WHEN btrim(coalesce(p ->> 'shelf', '')) <> ''
                                      THEN ' ' || btrim(p ->> 'shelf') ELSE '' END
        WHEN 'technician' THEN (SELECT e.name FROM app.employee e
                                WHERE e.id = (p ->> 'employee_id')::bigint)
        WHEN 'outlet' THEN (SELECT o.name FROM app.service_outlet o
                            WHERE o.id = (p ->> 'outlet_id')::bigint)
        WHEN 'factory' THEN btrim(coalesce(p ->> 'factory', ''))
        WHEN 'customer' THEN ''
    END;
    IF label_ IS NULL THEN
        PERFORM app.refuse('location_incomplete', kind_);
    END IF;
    IF kind_ IN ('factory', 'outlet') THEN
        label_ := label_ || CASE WHEN btrim(coalesce(p ->> 'tracking_number', '')) <> ''
            THEN ' ' || btrim(coalesce(p ->> 'carrier', '')) || ' '
                 || btrim(p ->> 'tracking_number') ELSE '' END;
    END IF;
    INSERT INTO app.ticket_location (ticket_id, kind, shelf, warehouse_id, employee_id,
        outlet_id, factory, carrier, tracking_number, sent_on, expected_on, note, label)
    VALUES (t.id, kind_, btrim(coalesce(p ->> 'shelf', '')), (p ->> 'warehouse_id')::bigint,
        (p ->> 'employee_id')::bigint, (p ->> 'outlet_id')::bigint,
        btrim(coalesce(p ->> 'factory', '')), btrim(coalesce(p ->> 'carrier', '')),
        btrim(coalesce(p ->> 'tracking_number', '')), (p ->> 'sent_on')::date,
        (p ->> 'expected_on')::date, btrim(coalesce(p ->> 'note', '')), btrim(label_));
    UPDATE app.ticket SET location_kind = kind_, location_label = btrim(label_),
        version = version + 1 WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'moved');
    RETURN jsonb_build_object('id', t.id, 'version', t.version + 1, 'label', btrim(label_));
END
$fn$;

-- Where the unit is now. p_version is the ticket's version the screen loaded: a client
-- that moves a unit someone else moved (or changed) meanwhile is refused as stale
-- (NULL: not checked). Every value is read through the app.arg_* readers, so a wrong
-- one is refused naming its field.
-- A closed ticket (app.ticket_is_closed: picked up, completed, cancelled) is refused.
CREATE OR REPLACE FUNCTION app.ticket_move(p_id bigint, p_version integer, p jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    kind_ text := left(p ->> 'kind', 20);
    shelf_ text;
    factory_ text;
    carrier_ text;
    tracking_ text;
    note_ text;
    warehouse_ bigint;
    employee_ bigint;
    outlet_ bigint;
    sent_ date;
    expected_ date;
    label_ text;
    version_ integer;
BEGIN
    PERFORM app.need('intake.edit');
    shelf_ := coalesce(app.arg_text(p ->> 'shelf', 'shelf', 50), '');
    factory_ := coalesce(app.arg_text(p ->> 'factory', 'factory', 100), '');
    carrier_ := coalesce(app.arg_text(p ->> 'carrier', 'carrier', 50), '');
    tracking_ := coalesce(app.arg_text(p ->> 'tracking_number', 'tracking_number', 50), '');
    note_ := coalesce(app.arg_text(p ->> 'note', 'note', 200), '');
    warehouse_ := app.arg_id(p ->> 'warehouse_id', 'warehouse_id');
    employee_ := app.arg_id(p ->> 'employee_id', 'employee_id');
    outlet_ := app.arg_id(p ->> 'outlet_id', 'outlet_id');
    sent_ := app.arg_date(p ->> 'sent_on', 'sent_on');
    expected_ := app.arg_date(p ->> 'expected_on', 'expected_on');
    IF kind_ IS NULL OR kind_ NOT IN ('shelf', 'warehouse', 'technician', 'factory', 'outlet',
                                      'customer') THEN
        PERFORM app.refuse('location_incomplete', 'location');
    END IF;
    t := app.ticket_for_update(p_id, p_version);
    IF app.ticket_is_closed(t.status) AND kind_ <> 'customer' THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    label_ := CASE kind_
        WHEN 'shelf' THEN shelf_
        WHEN 'warehouse' THEN (SELECT w.name FROM app.warehouse w WHERE w.id = warehouse_)
                              || CASE WHEN shelf_ <> '' THEN ' ' || shelf_ ELSE '' END
        WHEN 'technician' THEN (SELECT e.name FROM app.employee e WHERE e.id = employee_)
        WHEN 'outlet' THEN (SELECT o.name FROM app.service_outlet o WHERE o.id = outlet_)
        WHEN 'factory' THEN factory_
        WHEN 'customer' THEN ''
    END;
    IF label_ IS NULL THEN
        PERFORM app.refuse('location_incomplete', kind_);
    END IF;
    IF kind_ IN ('factory', 'outlet') AND tracking_ <> '' THEN
        label_ := label_ || ' ' || carrier_ || ' ' || tracking_;
    END IF;
    INSERT INTO app.ticket_location (ticket_id, kind, shelf, warehouse_id, employee_id,
        outlet_id, factory, carrier, tracking_number, sent_on, expected_on, note, label)
    VALUES (t.id, kind_, shelf_, warehouse_, employee_, outlet_, factory_, carrier_,
        tracking_, sent_, expected_, note_, btrim(label_));
    UPDATE app.ticket SET location_kind = kind_, location_label = btrim(label_)
    WHERE id = t.id RETURNING version INTO version_;
    PERFORM app.ticket_changed(t.id, 'moved');
    RETURN jsonb_build_object('id', t.id, 'version', version_, 'label', btrim(label_));
END
$fn$;

CREATE OR REPLACE FUNCTION app.ticket_intake(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    today date := app.shop_today();
    found_ app.ticket;
    cust app.customer;
    dev app.device;
    phone text := coalesce(p ->> 'phone', '');
    name_ text := btrim(coalesce(p ->> 'customer_name', ''));
    dv jsonb := coalesce(p -> 'device', '{}');
    decision record;
    final_class text;
    override_reason text := btrim(coalesce(p ->> 'warranty_override_reason', ''));
    prior app.ticket;
    rework_free boolean := false;
    rework_reason text := btrim(coalesce(p ->> 'rework_override_reason', ''));
    promised date := (p ->> 'promised_on')::date;
    visit_ text := coalesce(p ->> 'visit', 'carry_in');
    technician bigint := (p ->> 'technician_id')::bigint;
    new_id bigint;
    number_ text;
    piece text;
BEGIN
    PERFORM app.need('intake.create');
    IF p ? 'operation_id' THEN
        SELECT * INTO found_ FROM app.ticket WHERE operation_id = (p ->> 'operation_id')::uuid;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'version', found_.version, 'repeated', true);
        END IF;
    END IF;

    -- the customer: an existing one, or a new one with a name and a phone number
    IF p ->> 'customer_id' IS NOT NULL THEN
        SELECT * INTO cust FROM app.customer WHERE id = (p ->> 'customer_id')::bigint;
        IF NOT FOUND THEN
            PERFORM app.refuse('customer_missing', 'customer');
        END IF;
    ELSE
        IF name_ = '' THEN
            PERFORM app.refuse('customer_name_required', 'customer_name');
        END IF;
        phone := app.normalize_phone(phone);  -- the stored form, or phone_required/invalid
        LOOP  -- imported customers may already use the generated code
            new_id := nextval(pg_get_serial_sequence('app.customer', 'id'));
            EXIT WHEN NOT EXISTS (SELECT FROM app.customer
                                  WHERE code = 'C' || lpad(new_id::text, 6, '0'));
        END LOOP;
        INSERT INTO app.customer (id, code, name, address, region_id) OVERRIDING SYSTEM VALUE
        VALUES (new_id, 'C' || lpad(new_id::text, 6, '0'), name_,
                btrim(coalesce(p ->> 'address', '')), (p ->> 'region_id')::bigint)
        RETURNING * INTO cust;
        INSERT INTO app.customer_phone (customer_id, phone, is_primary)
        VALUES (cust.id, phone, true);
    END IF;

    -- the device: one of the customer's, brought up to date, or a new one
    IF (dv ->> 'purchase_date')::date > today THEN
        PERFORM app.refuse('purchase_in_future', 'purchase_date');
    END IF;
    IF dv ->> 'id' IS NOT NULL THEN
        UPDATE app.device d SET
            product = coalesce(nullif(btrim(dv ->> 'product'), ''), d.product),
            brand = coalesce(nullif(btrim(dv ->> 'brand'), ''), d.brand),
            model = coalesce(nullif(btrim(dv ->> 'model'), ''), d.model),
            serial = coalesce(nullif(btrim(dv ->> 'serial'), ''), d.serial),
            purchase_date = CASE WHEN dv ? 'purchase_date'
                                 THEN (dv ->> 'purchase_date')::date ELSE d.purchase_date END,
            has_proof = coalesce((dv ->> 'has_proof')::boolean, d.has_proof),
            warranty_months = coalesce((dv ->> 'warranty_months')::integer, d.warranty_months)
        WHERE d.id = (dv ->> 'id')::bigint AND d.customer_id = cust.id
        RETURNING * INTO dev;
        IF NOT FOUND THEN
            PERFORM app.refuse('device_missing', 'device');
        END IF;
    ELSE
        IF btrim(coalesce(dv ->> 'product', '')) = '' THEN
            PERFORM app.refuse('product_required', 'product');
        END IF;
        INSERT INTO app.device (customer_id, item_id, product, brand, model, serial,
                                purchase_date, has_proof, warranty_months)
        VALUES (cust.id, (dv ->> 'item_id')::bigint, btrim(dv ->> 'product'),
                btrim(coalesce(dv ->> 'brand', '')), btrim(coalesce(dv ->> 'model', '')),
                btrim(coalesce(dv ->> 'serial', '')), (dv ->> 'purchase_date')::date,
                coalesce((dv ->> 'has_proof')::boolean, false),
                coalesce((dv ->> 'warranty_months')::integer, 12))
        RETURNING * INTO dev;
    END IF;

    IF btrim(coalesce(p ->> 'fault', '')) = '' THEN
        PERFORM app.refuse('fault_required', 'fault');
    END IF;
    IF promised IS NULL THEN
        PERFORM app.refuse('promised_required', 'promised_on');
    ELSIF promised < today THEN
        PERFORM app.refuse('promised_before_intake', 'promised_on');
    END IF;
    IF visit_ = 'on_site' AND btrim(coalesce(p ->> 'address', '')) = '' THEN
        PERFORM app.refuse('on_site_address_required', 'address');
    END IF;
    IF visit_ = 'on_site' AND p ->> 'appointment_at' IS NULL THEN
        PERFORM app.refuse('on_site_appointment_required', 'appointment_at');
    END IF;

    -- warranty: the rule decides; a different class needs warranty.override and a reason
    SELECT * INTO decision FROM app.warranty_decision(dev.purchase_date, dev.warranty_months,
        dev.has_proof, coalesce((p ->> 'human_damage')::boolean, false),
        coalesce((p ->> 'claim')::boolean, false), today);
    final_class := coalesce(p ->> 'warranty_class', decision.warranty_class);
    IF final_class <> decision.warranty_class THEN
        PERFORM app.need('warranty.override');
        IF override_reason = '' THEN
            PERFORM app.refuse('override_reason_required', 'warranty_override_reason');
        END IF;
    ELSE
        override_reason := '';
    END IF;

    -- rework: back within the repair warranty of an earlier ticket of this device
    -- (app.rework_of, the rule domain/warranty.py find_rework also applies)
    SELECT * INTO prior FROM app.ticket t WHERE t.id = app.rework_of(
        (SELECT jsonb_agg(jsonb_build_object('ticket_id', d.id, 'picked_up_at', d.picked_up_at,
                                             'repair_warranty_until', d.repair_warranty_until))
         FROM app.ticket d WHERE d.device_id = dev.id AND d.status = 'picked_up'), today);
    IF FOUND THEN
        rework_free := coalesce((p ->> 'rework_free')::boolean, true);
        IF NOT rework_free THEN
            PERFORM app.need('warranty.override');
            IF rework_reason = '' THEN
                PERFORM app.refuse('rework_reason_required', 'rework_override_reason');
            END IF;
        ELSE
            rework_reason := '';
        END IF;
        technician := coalesce(technician, prior.technician_id);
    ELSE
        rework_reason := '';
    END IF;

    number_ := app.next_number('WX');
    INSERT INTO app.ticket (number, operation_id, received_on, received_by, customer_id,
        device_id, customer_name, product, brand, model, serial, purchase_date, has_proof,
        fault, accessories, appearance, remarks, visit, service_mode, address, region_id,
        appointment_at, urgent, promised_on, warranty_class, warranty_reason,
        warranty_override_reason, human_damage, claim, rework_of, rework_free,
        rework_override_reason, technician_id, work_type_id, location_label)
    VALUES (number_, (p ->> 'operation_id')::uuid, today, session_user, cust.id, dev.id,
        cust.name, dev.product, dev.brand, dev.model, dev.serial, dev.purchase_date,
        dev.has_proof, btrim(p ->> 'fault'), btrim(coalesce(p ->> 'accessories', '')),
        btrim(coalesce(p ->> 'appearance', '')), btrim(coalesce(p ->> 'remarks', '')),
        visit_, coalesce(p ->> 'service_mode', 'repair'),
        btrim(coalesce(p ->> 'address', '')), (p ->> 'region_id')::bigint,
        (p ->> 'appointment_at')::timestamptz, coalesce((p ->> 'urgent')::boolean, false),
        promised, final_class, decision.reason, override_reason,
        coalesce((p ->> 'human_damage')::boolean, false),
        coalesce((p ->> 'claim')::boolean, false), prior.id, rework_free, rework_reason,
        technician, (p ->> 'work_type_id')::bigint,
        CASE WHEN visit_ = 'on_site' THEN '' ELSE btrim(coalesce(p ->> 'shelf', '')) END)
    RETURNING id INTO new_id;
    INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason)
    VALUES (new_id, NULL, 'pending', '');
    IF visit_ = 'carry_in' THEN
        INSERT INTO app.ticket_location (ticket_id, kind, shelf, label)
        VALUES (new_id, 'shelf', btrim(coalesce(p ->> 'shelf', '')),
                btrim(coalesce(p ->> 'shelf', '')));
    END IF;

    PERFORM app.learn('brand', dev.brand);
    PERFORM app.learn('model', dev.model);
    PERFORM app.learn('fault', p ->> 'fault');
    PERFORM app.learn('appearance', p ->> 'appearance');
    FOREACH piece IN ARRAY regexp_split_to_array(coalesce(p ->> 'accessories', ''),
                                                 '[、,，;；/]') LOOP
        PERFORM app.learn('accessory', piece);
    END LOOP;
    PERFORM app.ticket_changed(new_id, 'created');
    RETURN jsonb_build_object('id', new_id, 'number', number_, 'version', 1,
        'customer_id', cust.id, 'device_id', dev.id, 'warranty_class', final_class,
        'warranty_reason', decision.reason, 'covered_until', decision.covered_until,
        'rework_of', prior.number, 'rework_free', rework_free, 'repeated', false);
END
$fn$;

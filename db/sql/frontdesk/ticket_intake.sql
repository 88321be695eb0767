-- An intake: the customer (a returning one or a new one), the device, the fault, the
-- promise and the warranty decision, as one ticket. Every value is read through the
-- app.arg_* readers (a wrong one is refused naming its field) and every text is held to
-- its column's length by the table. The day's ticket number is taken last: the
-- customer, the device and the dictionary are written first, so the counter row (locked
-- until commit, which keeps the numbers gapless) is held for the ticket's own inserts
-- only. An optional inquiry_id links the inquiry (咨询) the ticket comes from (revision
-- 0021); a new customer is made by app.intake_customer, as an inquiry makes one.
CREATE OR REPLACE FUNCTION app.ticket_intake(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    today date := app.shop_today();
    found_ app.ticket;
    operation_ uuid;
    customer_ bigint;
    region_ bigint;
    cust app.customer;
    dev app.device;
    phone text := coalesce(p ->> 'phone', '');
    name_ text;
    address_ text;
    fault_ text;
    accessories_ text;
    appearance_ text;
    remarks_ text;
    shelf_ text;
    service_mode_ text;
    dv jsonb := coalesce(p -> 'device', '{}');
    device_ bigint;
    purchase_ date;
    decision record;
    final_class text;
    override_reason text;
    prior app.ticket;
    rework_free boolean := false;
    rework_reason text;
    promised date;
    appointment_ timestamptz;
    visit_ text := coalesce(p ->> 'visit', 'carry_in');
    technician bigint;
    work_type_ bigint;
    urgent_ boolean;
    human_damage_ boolean;
    claim_ boolean;
    new_id bigint;
    number_ text;
    piece text;
    inquiry_ bigint;
BEGIN
    PERFORM app.need('intake.create');
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    IF operation_ IS NOT NULL THEN
        SELECT * INTO found_ FROM app.ticket WHERE operation_id = operation_;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'version', found_.version, 'repeated', true);
        END IF;
    END IF;
    -- every value first, so a wrong one is refused before anything is written
    name_ := coalesce(app.arg_text(p ->> 'customer_name', 'customer_name', 100), '');
    address_ := coalesce(app.arg_text(p ->> 'address', 'address', 200), '');
    fault_ := app.arg_text(p ->> 'fault', 'fault', 500);
    accessories_ := coalesce(app.arg_text(p ->> 'accessories', 'accessories', 300), '');
    appearance_ := coalesce(app.arg_text(p ->> 'appearance', 'appearance', 300), '');
    remarks_ := coalesce(app.arg_text(p ->> 'remarks', 'remarks', 1000), '');
    shelf_ := coalesce(app.arg_text(p ->> 'shelf', 'shelf', 50), '');
    service_mode_ := coalesce(app.arg_text(p ->> 'service_mode', 'service_mode', 30), 'repair');
    override_reason := coalesce(app.arg_text(p ->> 'warranty_override_reason',
                                             'warranty_override_reason', 200), '');
    rework_reason := coalesce(app.arg_text(p ->> 'rework_override_reason',
                                           'rework_override_reason', 200), '');
    PERFORM app.arg_text(dv ->> 'product', 'product', 100),
            app.arg_text(dv ->> 'brand', 'brand', 100),
            app.arg_text(dv ->> 'model', 'model', 100),
            app.arg_text(dv ->> 'serial', 'serial', 100);
    customer_ := app.arg_id(p ->> 'customer_id', 'customer');
    region_ := app.arg_id(p ->> 'region_id', 'region_id');
    device_ := app.arg_id(dv ->> 'id', 'device');
    purchase_ := app.arg_date(dv ->> 'purchase_date', 'purchase_date', '1970-01-01');
    promised := app.arg_date(p ->> 'promised_on', 'promised_date');
    appointment_ := app.arg_time(p ->> 'appointment_at', 'appointment_at');
    technician := app.arg_id(p ->> 'technician_id', 'technician_id');
    inquiry_ := app.arg_id(p ->> 'inquiry_id', 'inquiry_id');
    work_type_ := app.arg_id(p ->> 'work_type_id', 'work_type_id');
    urgent_ := coalesce(app.arg_bool(p ->> 'urgent', 'urgent'), false);
    human_damage_ := coalesce(app.arg_bool(p ->> 'human_damage', 'human_damage'), false);
    claim_ := coalesce(app.arg_bool(p ->> 'claim', 'claim'), false);
    IF visit_ NOT IN ('carry_in', 'on_site') THEN
        PERFORM app.refuse('visit_invalid', 'visit');
    END IF;
    IF p ->> 'warranty_class' IS NOT NULL
       AND p ->> 'warranty_class' NOT IN ('in_warranty', 'out_of_warranty', 'claim') THEN
        PERFORM app.refuse('warranty_class_invalid', 'warranty_class');
    END IF;
    IF purchase_ > today THEN
        PERFORM app.refuse('purchase_in_future', 'purchase_date');
    END IF;
    IF app.is_blank(fault_) THEN
        PERFORM app.refuse('fault_required', 'fault');
    END IF;
    IF promised IS NULL THEN
        PERFORM app.refuse('promised_required', 'promised_date');
    ELSIF promised < today THEN
        PERFORM app.refuse('promised_before_intake', 'promised_date');
    ELSIF promised > today + 730 THEN
        PERFORM app.refuse('promised_too_late', '730');
    END IF;
    IF visit_ = 'on_site' AND app.is_blank(address_) THEN
        PERFORM app.refuse('on_site_address_required', 'address');
    END IF;
    IF visit_ = 'on_site' AND appointment_ IS NULL THEN
        PERFORM app.refuse('on_site_appointment_required', 'appointment_at');
    END IF;

    -- the customer: an existing one, or a new one with a name and a phone number
    IF customer_ IS NOT NULL THEN
        SELECT * INTO cust FROM app.customer WHERE id = customer_;
        IF NOT FOUND THEN
            PERFORM app.refuse('customer_missing', 'customer');
        END IF;
    ELSE
        cust := app.intake_customer(name_, phone, address_, region_);
    END IF;
    -- the inquiry this intake turns into a ticket (revision 0021): the customer's own,
    -- not turned into a ticket or a pre-order yet (app.inquiry_take)
    PERFORM app.inquiry_take(inquiry_, cust.id);

    -- the device: one of the customer's, brought up to date, or a new one
    IF device_ IS NOT NULL THEN
        UPDATE app.device d SET
            product = coalesce(nullif(btrim(dv ->> 'product'), ''), d.product),
            brand = coalesce(nullif(btrim(dv ->> 'brand'), ''), d.brand),
            model = coalesce(nullif(btrim(dv ->> 'model'), ''), d.model),
            serial = coalesce(nullif(btrim(dv ->> 'serial'), ''), d.serial),
            purchase_date = CASE WHEN dv ? 'purchase_date' THEN purchase_
                                 ELSE d.purchase_date END,
            has_proof = coalesce(app.arg_bool(dv ->> 'has_proof', 'has_proof'), d.has_proof),
            warranty_months = coalesce(app.arg_int(dv ->> 'warranty_months',
                                                   'warranty_months', 0, 120),
                                       d.warranty_months)
        WHERE d.id = device_ AND d.customer_id = cust.id
        RETURNING * INTO dev;
        IF NOT FOUND THEN
            PERFORM app.refuse('device_missing', 'device');
        END IF;
    ELSE
        IF app.is_blank(dv ->> 'product') THEN
            PERFORM app.refuse('product_required', 'product');
        END IF;
        INSERT INTO app.device (customer_id, item_id, product, brand, model, serial,
                                purchase_date, has_proof, warranty_months)
        VALUES (cust.id, app.arg_id(dv ->> 'item_id', 'item_id'), btrim(dv ->> 'product'),
                btrim(coalesce(dv ->> 'brand', '')), btrim(coalesce(dv ->> 'model', '')),
                btrim(coalesce(dv ->> 'serial', '')), purchase_,
                coalesce(app.arg_bool(dv ->> 'has_proof', 'has_proof'), false),
                coalesce(app.arg_int(dv ->> 'warranty_months', 'warranty_months', 0, 120),
                         12))
        RETURNING * INTO dev;
    END IF;

    -- warranty: the rule decides; a different class needs warranty.override and a reason
    SELECT * INTO decision FROM app.warranty_decision(dev.purchase_date, dev.warranty_months,
        dev.has_proof, human_damage_, claim_, today);
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
    -- (app.rework_of, the rule domain/warranty.py find_rework also applies): one picked up,
    -- or completed at the customer's (revision 0020; it has no picked_up_at: its status
    -- time is when it was finished, as no status moves out of completed)
    SELECT * INTO prior FROM app.ticket t WHERE t.id = app.rework_of(
        (SELECT jsonb_agg(jsonb_build_object('ticket_id', d.id,
                                             'picked_up_at', coalesce(d.picked_up_at, d.status_at),
                                             'repair_warranty_until', d.repair_warranty_until))
         FROM app.ticket d WHERE d.device_id = dev.id AND d.status IN ('picked_up', 'completed')),
        today);
    IF FOUND THEN
        rework_free := coalesce(app.arg_bool(p ->> 'rework_free', 'rework_free'), true);
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

    -- the dictionary learns before the number is taken (in a fixed order: two intakes
    -- never wait for each other's values crosswise)
    PERFORM app.learn('brand', dev.brand);
    PERFORM app.learn('model', dev.model);
    PERFORM app.learn('fault', fault_);
    PERFORM app.learn('appearance', appearance_);
    FOR piece IN SELECT DISTINCT btrim(a) FROM regexp_split_to_table(
            accessories_, '[、,，;；/]') AS a ORDER BY 1 LOOP
        PERFORM app.learn('accessory', piece);
    END LOOP;

    -- last: the day's number, and the rows that carry it
    number_ := app.next_number('WX');
    INSERT INTO app.ticket (number, operation_id, received_on, received_by, customer_id,
        device_id, customer_name, product, brand, model, serial, purchase_date, has_proof,
        fault, accessories, appearance, remarks, visit, service_mode, address, region_id,
        appointment_at, urgent, promised_on, warranty_class, warranty_reason,
        warranty_override_reason, human_damage, claim, rework_of, rework_free,
        rework_override_reason, technician_id, work_type_id, location_label)
    VALUES (number_, operation_, today, session_user, cust.id, dev.id,
        cust.name, dev.product, dev.brand, dev.model, dev.serial, dev.purchase_date,
        dev.has_proof, fault_, accessories_, appearance_, remarks_, visit_, service_mode_,
        address_, region_, appointment_, urgent_,
        promised, final_class, decision.reason, override_reason, human_damage_, claim_,
        prior.id, rework_free, rework_reason, technician, work_type_,
        CASE WHEN visit_ = 'on_site' THEN '' ELSE shelf_ END)
    RETURNING id INTO new_id;
    INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason)
    VALUES (new_id, NULL, 'pending', '');
    IF visit_ = 'carry_in' THEN
        INSERT INTO app.ticket_location (ticket_id, kind, shelf, label)
        VALUES (new_id, 'shelf', shelf_, shelf_);
    END IF;
    IF inquiry_ IS NOT NULL THEN
        UPDATE app.inquiry SET ticket_id = new_id WHERE id = inquiry_;
    END IF;
    PERFORM app.ticket_changed(new_id, 'created');
    RETURN jsonb_build_object('id', new_id, 'number', number_, 'version', 1,
        'customer_id', cust.id, 'device_id', dev.id, 'warranty_class', final_class,
        'warranty_reason', decision.reason, 'covered_until', decision.covered_until,
        'rework_of', prior.number, 'rework_free', rework_free, 'repeated', false);
END
$fn$;

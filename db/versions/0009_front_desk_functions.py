"""Front desk functions: the only way to write tickets, quotes, notices, pre-orders and
settlements.

Each screen action is one call (one round trip) that checks the operator's
capability with `pg_has_role(session_user, ...)`, applies the rules that the pure
domain modules also apply on the client (aftersales_desktop/domain/: warranty,
tickets, fees) and writes everything in the caller's transaction. Refusals raise
P0001 with HINT 'aftersales:<code>' (DETAIL names the field or the status) that the
client turns into a message; missing capabilities raise 42501.

Every ticket change ends with NOTIFY aftersales_tickets so other counters' boards
refresh by themselves.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SECURITY = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
PINNED = "SET search_path = pg_catalog, pg_temp"

HELPERS = f"""
CREATE FUNCTION app.shop_today() RETURNS date LANGUAGE sql STABLE {PINNED} AS $fn$
    SELECT (now() AT TIME ZONE coalesce(
        (SELECT s.value #>> '{{}}' FROM app.shop_setting s WHERE s.key = 'timezone'),
        'Asia/Shanghai'))::date
$fn$;

CREATE FUNCTION app.setting(p_key text) RETURNS jsonb LANGUAGE sql STABLE {PINNED} AS $fn$
    SELECT s.value FROM app.shop_setting s WHERE s.key = p_key
$fn$;

CREATE FUNCTION app.need(p_capability text) RETURNS void LANGUAGE plpgsql STABLE {PINNED}
AS $fn$
BEGIN
    IF NOT pg_has_role(session_user, 'as_cap_' || replace(p_capability, '.', '_'),
                       'MEMBER') THEN
        RAISE EXCEPTION 'permission denied: %', p_capability
            USING ERRCODE = '42501', HINT = 'aftersales:denied', DETAIL = p_capability;
    END IF;
END
$fn$;

CREATE FUNCTION app.refuse(p_code text, p_detail text DEFAULT '') RETURNS void
LANGUAGE plpgsql {PINNED} AS $fn$
BEGIN
    RAISE EXCEPTION 'refused: % %', p_code, p_detail
        USING ERRCODE = 'P0001', HINT = 'aftersales:' || p_code, DETAIL = p_detail;
END
$fn$;

CREATE FUNCTION app.format_number(p_prefix text, p_day date, p_seq integer) RETURNS text
LANGUAGE sql IMMUTABLE {PINNED} AS $fn$
    SELECT p_prefix || to_char(p_day, 'YYYYMMDD') || '-'
           || CASE WHEN p_seq < 10000 THEN lpad(p_seq::text, 4, '0') ELSE p_seq::text END
$fn$;

-- The next number of the shop day: the counter row is locked until the caller
-- commits, so concurrent intakes queue for it and numbers never repeat or skip.
CREATE FUNCTION app.next_number(p_prefix text) RETURNS text LANGUAGE plpgsql {PINNED}
AS $fn$
DECLARE
    today date := app.shop_today();
    seq integer;
BEGIN
    INSERT INTO app.ticket_counter AS c (prefix, day, last_seq) VALUES (p_prefix, today, 1)
    ON CONFLICT (prefix, day) DO UPDATE SET last_seq = c.last_seq + 1
    RETURNING c.last_seq INTO seq;
    RETURN app.format_number(p_prefix, today, seq);
END
$fn$;

CREATE FUNCTION app.is_working_day(p_day date) RETURNS boolean LANGUAGE sql STABLE {PINNED}
AS $fn$
    SELECT coalesce((SELECT w.working FROM app.work_calendar w WHERE w.day = p_day),
                    extract(isodow FROM p_day) < 6)
$fn$;

CREATE FUNCTION app.add_working_days(p_start date, p_days integer) RETURNS date
LANGUAGE plpgsql STABLE {PINNED} AS $fn$
DECLARE
    d date := p_start;
    left_ integer := p_days;
BEGIN
    IF p_days < 0 THEN
        RAISE EXCEPTION 'negative working days' USING ERRCODE = '22023';
    END IF;
    WHILE left_ > 0 LOOP
        d := d + 1;
        IF app.is_working_day(d) THEN
            left_ := left_ - 1;
        END IF;
    END LOOP;
    RETURN d;
END
$fn$;

-- Same rule as domain/warranty.py decide_warranty (a test runs both on one table).
CREATE FUNCTION app.warranty_decision(p_purchase date, p_months integer, p_proof boolean,
    p_human_damage boolean, p_claim boolean, p_today date,
    OUT warranty_class text, OUT reason text, OUT covered_until date)
LANGUAGE plpgsql STABLE {PINNED} AS $fn$
BEGIN
    covered_until := CASE WHEN p_purchase IS NOT NULL
        THEN (p_purchase + make_interval(months => p_months))::date - 1 END;
    IF p_claim THEN
        warranty_class := 'claim'; reason := 'claim_unit'; RETURN;
    END IF;
    IF p_purchase > p_today THEN
        PERFORM app.refuse('purchase_in_future', 'purchase_date');
    END IF;
    IF p_human_damage THEN
        warranty_class := 'out_of_warranty'; reason := 'human_damage';
    ELSIF p_purchase IS NULL THEN
        warranty_class := 'out_of_warranty'; reason := 'no_purchase_date';
    ELSIF NOT p_proof THEN
        warranty_class := 'out_of_warranty'; reason := 'no_proof';
    ELSIF p_today <= covered_until THEN
        warranty_class := 'in_warranty'; reason := 'in_warranty';
    ELSE
        warranty_class := 'out_of_warranty'; reason := 'expired';
    END IF;
END
$fn$;

CREATE FUNCTION app.ticket_changed(p_id bigint, p_event text) RETURNS void
LANGUAGE sql {PINNED} AS $fn$
    SELECT pg_notify('aftersales_tickets', jsonb_build_object(
        'id', t.id, 'number', t.number, 'status', t.status, 'event', p_event)::text)
    FROM app.ticket t WHERE t.id = p_id
$fn$;

CREATE FUNCTION app.learn(p_kind text, p_value text) RETURNS void LANGUAGE sql {PINNED}
AS $fn$
    INSERT INTO app.dictionary_entry AS d (kind, value, uses)
    SELECT p_kind, btrim(p_value), 1
    WHERE btrim(coalesce(p_value, '')) <> '' AND length(btrim(p_value)) <= 100
    ON CONFLICT (kind, value) DO UPDATE SET uses = d.uses + 1
$fn$;
"""

INTAKE = f"""
CREATE FUNCTION app.ticket_intake(p jsonb) RETURNS jsonb LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    today date := app.shop_today();
    found_ app.ticket;
    cust app.customer;
    dev app.device;
    phone text := btrim(coalesce(p ->> 'phone', ''));
    name_ text := btrim(coalesce(p ->> 'customer_name', ''));
    dv jsonb := coalesce(p -> 'device', '{{}}');
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
        IF phone = '' THEN
            PERFORM app.refuse('phone_required', 'phone');
        END IF;
        IF phone !~ '^(1[3-9][0-9]{{9}}|0[0-9]{{2,3}}-[0-9]{{7,8}})$' THEN
            PERFORM app.refuse('phone_invalid', 'phone');
        END IF;
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
    IF visit_ = 'on_site' AND (btrim(coalesce(p ->> 'address', '')) = ''
                               OR p ->> 'appointment_at' IS NULL) THEN
        PERFORM app.refuse('on_site_incomplete', 'address');
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
    SELECT * INTO prior FROM app.ticket t
    WHERE t.device_id = dev.id AND t.status = 'picked_up' AND t.repair_warranty_until >= today
    ORDER BY t.picked_up_at DESC, t.id DESC LIMIT 1;
    IF FOUND THEN
        rework_free := coalesce((p ->> 'rework_free')::boolean, true);
        IF NOT rework_free THEN
            PERFORM app.need('warranty.override');
            IF rework_reason = '' THEN
                PERFORM app.refuse('override_reason_required', 'rework_override_reason');
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
"""

STATUS = f"""
CREATE FUNCTION app.ticket_for_update(p_id bigint, p_version integer) RETURNS app.ticket
LANGUAGE plpgsql {PINNED} AS $fn$
DECLARE
    t app.ticket;
BEGIN
    SELECT * INTO t FROM app.ticket WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('ticket_missing', p_id::text);
    END IF;
    IF p_version IS NOT NULL AND t.version <> p_version THEN
        PERFORM app.refuse('stale', (SELECT s.by_operator || '|' || s.at::text
            FROM app.ticket_status s WHERE s.ticket_id = p_id ORDER BY s.id DESC LIMIT 1));
    END IF;
    RETURN t;
END
$fn$;

CREATE FUNCTION app.ticket_set_status(p_id bigint, p_version integer, p_status text,
                                      p_reason text DEFAULT '') RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    t app.ticket;
    reason text := btrim(coalesce(p_reason, ''));
    days integer;
BEGIN
    PERFORM app.need(CASE p_status WHEN 'cancelled' THEN 'intake.cancel'
                                   WHEN 'picked_up' THEN 'settlement.collect'
                                   ELSE 'intake.edit' END);
    t := app.ticket_for_update(p_id, p_version);
    IF p_status NOT IN (SELECT to_status FROM app.ticket_transition UNION SELECT 'pending') THEN
        PERFORM app.refuse('unknown_status', p_status);
    END IF;
    IF p_status = t.status THEN
        PERFORM app.refuse('unchanged', t.status);
    END IF;
    IF t.status IN ('picked_up', 'cancelled') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF NOT EXISTS (SELECT FROM app.ticket_transition
                   WHERE from_status = t.status AND to_status = p_status) THEN
        PERFORM app.refuse('not_allowed', t.status || '>' || p_status);
    END IF;
    IF p_status = 'in_repair' AND t.warranty_class = 'out_of_warranty' AND NOT t.rework_free
       AND coalesce(t.quote_state, '') <> 'approved'
       AND coalesce((app.setting('quote_required') #>> '{{}}')::boolean, true) THEN
        PERFORM app.refuse('quote_required', t.number);
    END IF;
    IF p_status = 'cancelled' AND reason = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    IF p_status = 'picked_up' AND NOT t.settled THEN
        IF NOT pg_has_role(session_user, 'as_cap_settlement_release_unsettled', 'MEMBER') THEN
            PERFORM app.refuse('unsettled', t.number);
        END IF;
        IF reason = '' THEN
            PERFORM app.refuse('reason_required', 'reason');
        END IF;
    END IF;
    IF p_status = 'picked_up' THEN
        days := coalesce((SELECT w.repair_warranty_days FROM app.work_type w
                          WHERE w.id = t.work_type_id),
                         (app.setting('repair_warranty_days') #>> '{{}}')::integer, 90);
        INSERT INTO app.ticket_location (ticket_id, kind, label, note)
        VALUES (t.id, 'customer', '', reason);
    END IF;
    -- one UPDATE: status and pickup columns change together (a CHECK ties them)
    UPDATE app.ticket SET status = p_status, status_at = now(), version = version + 1,
        picked_up_at = CASE WHEN p_status = 'picked_up' THEN now() END,
        released_unsettled = (p_status = 'picked_up' AND NOT t.settled),
        repair_warranty_until = CASE WHEN p_status = 'picked_up'
                                     THEN app.shop_today() + days END,
        location_kind = CASE WHEN p_status = 'picked_up' THEN 'customer'
                             ELSE location_kind END,
        location_label = CASE WHEN p_status = 'picked_up' THEN '' ELSE location_label END
    WHERE id = t.id;
    INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason)
    VALUES (t.id, t.status, p_status, reason);
    IF p_status = 'ready' AND NOT EXISTS (
            SELECT FROM app.customer_notice n
            WHERE n.ticket_id = t.id AND n.kind = 'repaired' AND n.status = 'due') THEN
        INSERT INTO app.customer_notice (ticket_id, kind, status) VALUES (t.id, 'repaired', 'due');
    END IF;
    PERFORM app.ticket_changed(t.id, 'status');
    RETURN jsonb_build_object('id', t.id, 'status', p_status, 'version', t.version + 1);
END
$fn$;

CREATE FUNCTION app.ticket_edit(p_id bigint, p_version integer, p jsonb) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
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

CREATE FUNCTION app.ticket_move(p_id bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
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
"""

QUOTES_NOTICES = f"""
CREATE FUNCTION app.ticket_quote(p_id bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    t app.ticket;
    q_id bigint;
BEGIN
    PERFORM app.need('intake.edit');
    t := app.ticket_for_update(p_id, NULL);
    IF t.status IN ('picked_up', 'cancelled') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF (p ->> 'parts_amount')::numeric < 0 OR (p ->> 'labour_amount')::numeric < 0
       OR coalesce((p ->> 'other_amount')::numeric, 0) < 0 THEN
        PERFORM app.refuse('negative_fee', 'quote');
    END IF;
    UPDATE app.ticket_quote SET state = 'superseded'
    WHERE ticket_id = t.id AND state = 'pending';
    INSERT INTO app.ticket_quote (ticket_id, parts_amount, labour_amount, other_amount, note)
    VALUES (t.id, (p ->> 'parts_amount')::numeric, (p ->> 'labour_amount')::numeric,
            coalesce((p ->> 'other_amount')::numeric, 0), btrim(coalesce(p ->> 'note', '')))
    RETURNING id INTO q_id;
    UPDATE app.ticket SET quote_state = 'pending', version = version + 1 WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'quoted');
    RETURN jsonb_build_object('id', q_id, 'ticket_version', t.version + 1);
END
$fn$;

CREATE FUNCTION app.ticket_quote_decide(p_quote_id bigint, p_approved boolean,
    p_channel text, p_decided_on date, p_note text DEFAULT '') RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    q app.ticket_quote;
    t app.ticket;
BEGIN
    PERFORM app.need('intake.edit');
    SELECT * INTO q FROM app.ticket_quote WHERE id = p_quote_id;
    IF NOT FOUND THEN
        PERFORM app.refuse('quote_missing', p_quote_id::text);
    END IF;
    t := app.ticket_for_update(q.ticket_id, NULL);
    IF q.state <> 'pending' THEN
        PERFORM app.refuse('quote_decided', q.state);
    END IF;
    IF p_decided_on IS NULL OR p_decided_on > app.shop_today() THEN
        PERFORM app.refuse('decision_date_invalid', 'decided_on');
    END IF;
    UPDATE app.ticket_quote SET state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END,
        decided_on = p_decided_on, channel = p_channel, decided_by = session_user,
        decision_note = btrim(coalesce(p_note, ''))
    WHERE id = q.id;
    UPDATE app.ticket SET quote_state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END,
        version = version + 1 WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'quote');
    RETURN jsonb_build_object('id', q.id, 'ticket_version', t.version + 1);
END
$fn$;

-- A notice the counter gives: a phone call is 'sent' at once; SMS and e-mail are
-- 'sending' until app.notice_result says how the gateway answered.
CREATE FUNCTION app.notice_log(p jsonb) RETURNS jsonb LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    channel_ text := p ->> 'channel';
    n_id bigint;
    due app.customer_notice;
    ticket_ bigint := (p ->> 'ticket_id')::bigint;
    preorder_ bigint := (p ->> 'preorder_id')::bigint;
BEGIN
    PERFORM app.need('notice.send');
    IF channel_ IS NULL OR channel_ NOT IN ('phone', 'sms', 'email') THEN
        PERFORM app.refuse('channel_invalid', 'channel');
    END IF;
    IF channel_ <> 'phone' AND NOT EXISTS (SELECT FROM app.notice_channel c
                                           WHERE c.channel = channel_ AND c.enabled) THEN
        PERFORM app.refuse('channel_not_configured', channel_);
    END IF;
    IF btrim(coalesce(p ->> 'body', '')) = '' THEN
        PERFORM app.refuse('notice_text_required', 'body');
    END IF;
    IF ticket_ IS NULL AND preorder_ IS NULL THEN
        PERFORM app.refuse('notice_target_missing', 'ticket');
    END IF;
    IF ticket_ IS NOT NULL THEN
        PERFORM app.ticket_for_update(ticket_, NULL);
    END IF;
    -- the oldest due notice of that kind is the one being given now
    SELECT * INTO due FROM app.customer_notice n
    WHERE n.status = 'due' AND n.kind = p ->> 'kind'
      AND n.ticket_id IS NOT DISTINCT FROM ticket_
      AND n.preorder_id IS NOT DISTINCT FROM preorder_
    ORDER BY n.id LIMIT 1 FOR UPDATE;
    IF FOUND THEN
        UPDATE app.customer_notice SET channel = channel_,
            recipient = btrim(coalesce(p ->> 'recipient', '')), body = btrim(p ->> 'body'),
            status = CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
            detail = btrim(coalesce(p ->> 'detail', '')), sent_at = now(),
            sent_by = session_user
        WHERE id = due.id RETURNING id INTO n_id;
    ELSE
        INSERT INTO app.customer_notice (ticket_id, preorder_id, kind, channel, recipient,
                                         body, status, detail, sent_at, sent_by)
        VALUES (ticket_, preorder_, p ->> 'kind', channel_,
                btrim(coalesce(p ->> 'recipient', '')), btrim(p ->> 'body'),
                CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
                btrim(coalesce(p ->> 'detail', '')), now(), session_user)
        RETURNING id INTO n_id;
    END IF;
    IF ticket_ IS NOT NULL THEN
        UPDATE app.ticket SET notice_count = (SELECT count(*) FROM app.customer_notice n
            WHERE n.ticket_id = ticket_ AND n.status IN ('sent', 'sending'))
        WHERE id = ticket_;
        PERFORM app.ticket_changed(ticket_, 'notice');
    END IF;
    RETURN jsonb_build_object('id', n_id);
END
$fn$;

CREATE FUNCTION app.notice_result(p_id bigint, p_ok boolean, p_detail text) RETURNS void
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    n app.customer_notice;
BEGIN
    PERFORM app.need('notice.send');
    UPDATE app.customer_notice SET status = CASE WHEN p_ok THEN 'sent' ELSE 'failed' END,
        detail = left(coalesce(p_detail, ''), 500)
    WHERE id = p_id AND status = 'sending' RETURNING * INTO n;
    IF NOT FOUND THEN
        PERFORM app.refuse('notice_not_sending', p_id::text);
    END IF;
    IF n.ticket_id IS NOT NULL THEN
        UPDATE app.ticket SET notice_count = (SELECT count(*) FROM app.customer_notice c
            WHERE c.ticket_id = n.ticket_id AND c.status IN ('sent', 'sending'))
        WHERE id = n.ticket_id;
        PERFORM app.ticket_changed(n.ticket_id, 'notice');
    END IF;
END
$fn$;
"""

PREORDERS = f"""
CREATE FUNCTION app.preorder_create(p jsonb) RETURNS jsonb LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    found_ app.part_preorder;
    number_ text;
    n_id bigint;
BEGIN
    PERFORM app.need('intake.create');
    IF p ? 'operation_id' THEN
        SELECT * INTO found_ FROM app.part_preorder
        WHERE operation_id = (p ->> 'operation_id')::uuid;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'repeated', true);
        END IF;
    END IF;
    IF NOT EXISTS (SELECT FROM app.customer WHERE id = (p ->> 'customer_id')::bigint) THEN
        PERFORM app.refuse('customer_missing', 'customer');
    END IF;
    IF btrim(coalesce(p ->> 'part_name', '')) = '' THEN
        PERFORM app.refuse('part_required', 'part_name');
    END IF;
    IF coalesce((p ->> 'quantity')::numeric, 0) <= 0 THEN
        PERFORM app.refuse('quantity_invalid', 'quantity');
    END IF;
    IF coalesce((p ->> 'unit_price')::numeric, 0) < 0
       OR coalesce((p ->> 'deposit')::numeric, 0) < 0 THEN
        PERFORM app.refuse('negative_fee', 'unit_price');
    END IF;
    IF coalesce((p ->> 'deposit')::numeric, 0)
       > round((p ->> 'quantity')::numeric * coalesce((p ->> 'unit_price')::numeric, 0), 2) THEN
        PERFORM app.refuse('deposit_above_total', 'deposit');
    END IF;
    number_ := app.next_number('YD');
    INSERT INTO app.part_preorder (number, operation_id, customer_id, ticket_id, item_id,
        part_name, quantity, unit_price, deposit, expected_on)
    VALUES (number_, (p ->> 'operation_id')::uuid, (p ->> 'customer_id')::bigint,
        (p ->> 'ticket_id')::bigint, (p ->> 'item_id')::bigint, btrim(p ->> 'part_name'),
        (p ->> 'quantity')::numeric, coalesce((p ->> 'unit_price')::numeric, 0),
        coalesce((p ->> 'deposit')::numeric, 0), (p ->> 'expected_on')::date)
    RETURNING id INTO n_id;
    RETURN jsonb_build_object('id', n_id, 'number', number_, 'repeated', false);
END
$fn$;

-- Arrival (by hand now; the stock receipt will call it with 'receipt') makes a
-- "parts arrived" notice due.
CREATE FUNCTION app.preorder_arrive(p_id bigint, p_source text DEFAULT 'manual')
RETURNS jsonb LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    o app.part_preorder;
BEGIN
    PERFORM app.need(CASE WHEN p_source = 'receipt' THEN 'stock.post' ELSE 'intake.create' END);
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state <> 'waiting' THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    UPDATE app.part_preorder SET state = 'arrived', arrived_at = now(),
        arrived_by = session_user, arrival_source = p_source, version = version + 1
    WHERE id = o.id;
    INSERT INTO app.customer_notice (preorder_id, ticket_id, kind, status)
    VALUES (o.id, o.ticket_id, 'parts_arrived', 'due');
    RETURN jsonb_build_object('id', o.id, 'state', 'arrived');
END
$fn$;

CREATE FUNCTION app.preorder_pickup(p_id bigint, p_payment_method text, p_paid numeric)
RETURNS jsonb LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    o app.part_preorder;
    due numeric;
BEGIN
    PERFORM app.need('settlement.collect');
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state <> 'arrived' THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    due := round(o.quantity * o.unit_price, 2) - o.deposit;
    IF p_paid IS NULL OR p_paid < due THEN
        PERFORM app.refuse('underpaid', due::text);
    END IF;
    IF p_payment_method NOT IN ('cash', 'wechat', 'alipay', 'card', 'transfer', 'none')
       OR (due > 0 AND p_payment_method = 'none') THEN
        PERFORM app.refuse('payment_method_invalid', 'payment_method');
    END IF;
    UPDATE app.part_preorder SET state = 'picked_up', picked_up_at = now(),
        picked_up_by = session_user, paid = p_paid, payment_method = p_payment_method,
        version = version + 1
    WHERE id = o.id;
    RETURN jsonb_build_object('id', o.id, 'state', 'picked_up', 'change', p_paid - due);
END
$fn$;

CREATE FUNCTION app.preorder_cancel(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    o app.part_preorder;
BEGIN
    PERFORM app.need('intake.cancel');
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state NOT IN ('waiting', 'arrived') THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    IF btrim(coalesce(p_reason, '')) = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    UPDATE app.part_preorder SET state = 'cancelled', cancel_reason = btrim(p_reason),
        version = version + 1
    WHERE id = o.id;
    RETURN jsonb_build_object('id', o.id, 'state', 'cancelled');
END
$fn$;
"""

SETTLEMENT = f"""
-- Same arithmetic as domain/fees.py compute_settlement; the database recomputes every
-- amount from the lines and refuses anything that does not add up.
CREATE FUNCTION app.ticket_settle(p_id bigint, p_version integer, p jsonb) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    t app.ticket;
    found_ app.settlement;
    line jsonb;
    n integer := 0;
    amount_ numeric;
    subtotal_ numeric := 0;
    customer_ numeric := 0;
    manufacturer_ numeric := 0;
    shop_ numeric := 0;
    discount_ numeric := coalesce((p ->> 'discount')::numeric, 0);
    reason_ text := btrim(coalesce(p ->> 'discount_reason', ''));
    method_ text := coalesce(p ->> 'payment_method', 'none');
    paid_ numeric := (p ->> 'paid')::numeric;
    due_ numeric;
    s_id bigint;
    number_ text;
BEGIN
    PERFORM app.need('settlement.collect');
    IF p ? 'operation_id' THEN
        SELECT * INTO found_ FROM app.settlement
        WHERE operation_id = (p ->> 'operation_id')::uuid;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'repeated', true);
        END IF;
    END IF;
    t := app.ticket_for_update(p_id, p_version);
    IF t.status = 'cancelled' THEN
        PERFORM app.refuse('settle_cancelled', t.number);
    END IF;
    IF t.settled THEN
        PERFORM app.refuse('already_settled', t.number);
    END IF;
    IF jsonb_array_length(coalesce(p -> 'lines', '[]')) = 0 THEN
        PERFORM app.refuse('lines_required', 'lines');
    END IF;
    number_ := app.next_number('JS');
    INSERT INTO app.settlement (number, operation_id, ticket_id, subtotal, customer_amount,
                                payment_method, paid)
    VALUES (number_, (p ->> 'operation_id')::uuid, t.id, 0, 0, 'none', 0)
    RETURNING id INTO s_id;
    FOR line IN SELECT * FROM jsonb_array_elements(p -> 'lines') LOOP
        n := n + 1;
        IF btrim(coalesce(line ->> 'description', '')) = '' THEN
            PERFORM app.refuse('line_description_required', n::text);
        END IF;
        IF coalesce((line ->> 'quantity')::numeric, 0) <= 0 THEN
            PERFORM app.refuse('line_quantity_invalid', n::text);
        END IF;
        IF coalesce((line ->> 'unit_price')::numeric, -1) < 0 THEN
            PERFORM app.refuse('negative_fee', n::text);
        END IF;
        amount_ := round((line ->> 'quantity')::numeric * (line ->> 'unit_price')::numeric, 2);
        INSERT INTO app.settlement_line (settlement_id, line_no, kind, item_id, work_type_id,
            description, quantity, unit_price, amount, billed_to)
        VALUES (s_id, n, line ->> 'kind', (line ->> 'item_id')::bigint,
            (line ->> 'work_type_id')::bigint, btrim(line ->> 'description'),
            (line ->> 'quantity')::numeric, (line ->> 'unit_price')::numeric, amount_,
            coalesce(line ->> 'billed_to', 'customer'));
        subtotal_ := subtotal_ + amount_;
        CASE coalesce(line ->> 'billed_to', 'customer')
            WHEN 'customer' THEN customer_ := customer_ + amount_;
            WHEN 'manufacturer' THEN manufacturer_ := manufacturer_ + amount_;
            ELSE shop_ := shop_ + amount_;
        END CASE;
    END LOOP;
    IF discount_ < 0 THEN
        PERFORM app.refuse('discount_negative', 'discount');
    END IF;
    IF discount_ > customer_ THEN
        PERFORM app.refuse('discount_above_total', customer_::text);
    END IF;
    IF discount_ > 0 AND reason_ = '' THEN
        PERFORM app.refuse('discount_reason_required', 'discount_reason');
    END IF;
    due_ := customer_ - discount_;
    IF method_ NOT IN ('cash', 'wechat', 'alipay', 'card', 'transfer', 'none') THEN
        PERFORM app.refuse('payment_method_invalid', 'payment_method');
    END IF;
    IF due_ > 0 THEN
        IF method_ = 'none' THEN
            PERFORM app.refuse('payment_method_invalid', 'payment_method');
        END IF;
        paid_ := coalesce(paid_, CASE WHEN method_ <> 'cash' THEN due_ END);
        IF paid_ IS NULL OR paid_ < due_ THEN
            PERFORM app.refuse('underpaid', due_::text);
        END IF;
        IF method_ <> 'cash' AND paid_ <> due_ THEN
            PERFORM app.refuse('overpaid_non_cash', 'paid');
        END IF;
    ELSE
        paid_ := 0;
    END IF;
    UPDATE app.settlement SET subtotal = subtotal_, discount = discount_,
        discount_reason = reason_, manufacturer_amount = manufacturer_, shop_amount = shop_,
        customer_amount = due_, payment_method = method_, paid = paid_,
        change_given = paid_ - due_
    WHERE id = s_id;
    UPDATE app.ticket SET settled = true, fee_total = due_, version = version + 1
    WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'settled');
    RETURN jsonb_build_object('id', s_id, 'number', number_, 'customer_amount', due_,
        'change', paid_ - due_, 'ticket_version', t.version + 1, 'repeated', false);
END
$fn$;

-- Voiding keeps the original and adds its mirror image, so the day's takings still
-- add up and both stay in the books.
CREATE FUNCTION app.settlement_void(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql {SECURITY} AS $fn$
DECLARE
    s app.settlement;
    t app.ticket;
    r_id bigint;
BEGIN
    PERFORM app.need('settlement.void');
    SELECT * INTO s FROM app.settlement WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('settlement_missing', p_id::text);
    END IF;
    IF s.kind <> 'sale' OR s.voided_at IS NOT NULL THEN
        PERFORM app.refuse('already_voided', s.number);
    END IF;
    IF btrim(coalesce(p_reason, '')) = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    t := app.ticket_for_update(s.ticket_id, NULL);
    UPDATE app.settlement SET voided_at = now(), voided_by = session_user,
        void_reason = btrim(p_reason) WHERE id = s.id;
    INSERT INTO app.settlement (number, ticket_id, kind, reversal_of, subtotal, discount,
        discount_reason, manufacturer_amount, shop_amount, customer_amount, payment_method,
        paid, change_given, void_reason)
    VALUES (app.next_number('JS'), s.ticket_id, 'reversal', s.id, -s.subtotal, -s.discount,
        s.discount_reason, -s.manufacturer_amount, -s.shop_amount, -s.customer_amount,
        s.payment_method, -s.paid, -s.change_given, btrim(p_reason))
    RETURNING id INTO r_id;
    UPDATE app.ticket SET settled = false, fee_total = 0, version = version + 1
    WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'voided');
    RETURN jsonb_build_object('id', s.id, 'reversal_id', r_id, 'ticket_version', t.version + 1);
END
$fn$;
"""


READS = f"""
CREATE FUNCTION app.shop_midnight() RETURNS timestamptz LANGUAGE sql STABLE {PINNED} AS $fn$
    SELECT app.shop_today()::timestamp AT TIME ZONE coalesce(
        (SELECT s.value #>> '{{}}' FROM app.shop_setting s WHERE s.key = 'timezone'),
        'Asia/Shanghai')
$fn$;

CREATE FUNCTION app.mask_phone(p_phone text) RETURNS text LANGUAGE sql STABLE {PINNED}
AS $fn$
    SELECT CASE WHEN pg_has_role(session_user, 'as_cap_contacts_view', 'MEMBER') THEN p_phone
                WHEN length(p_phone) > 7 THEN left(p_phone, 3)
                     || repeat('*', length(p_phone) - 7) || right(p_phone, 4)
                ELSE repeat('*', greatest(length(p_phone) - 2, 0)) || right(p_phone, 2) END
$fn$;

-- The status board: open tickets come from a partial index (a few thousand rows among
-- a million), today's pickups from another; one round trip.
CREATE FUNCTION app.ticket_board() RETURNS jsonb LANGUAGE plpgsql STABLE {SECURITY} AS $fn$
DECLARE
    -- computed once: the helpers are not inlined, and per row they would cost a
    -- sequential scan of a million tickets
    today date := app.shop_today();
    midnight timestamptz := app.shop_midnight();
    waited integer := coalesce((app.setting('uncollected_days') #>> '{{}}')::integer, 30);
    since timestamptz := now() - make_interval(days => waited);
    result jsonb;
BEGIN
    WITH open_ AS MATERIALIZED (
        SELECT t.status, t.promised_on, t.urgent, t.status_at FROM app.ticket t
        WHERE t.status IN ('pending', 'in_repair', 'waiting_parts', 'hard_repair',
                           'at_factory', 'ready'))
    SELECT jsonb_build_object(
        'statuses', (SELECT coalesce(jsonb_object_agg(s.status, s.n), '{{}}')
                     FROM (SELECT o.status, count(*) AS n FROM open_ o GROUP BY o.status) s),
        'overdue', (SELECT count(*) FROM open_ o
                    WHERE o.promised_on < today AND o.status <> 'ready'),
        'urgent', (SELECT count(*) FROM open_ o WHERE o.urgent AND o.status <> 'ready'),
        'uncollected', (SELECT count(*) FROM open_ o
                        WHERE o.status = 'ready' AND o.status_at < since),
        'picked_up_today', (SELECT count(*) FROM app.ticket t WHERE t.picked_up_at >= midnight),
        'received_today', (SELECT count(*) FROM app.ticket t WHERE t.received_at >= midnight),
        'notices_due', (SELECT count(*) FROM app.customer_notice n
                        WHERE n.status IN ('due', 'failed')),
        'preorders_arrived', (SELECT count(*) FROM app.part_preorder o
                              WHERE o.state = 'arrived'),
        'uncollected_days', waited,
        'today', today)
    INTO result;
    RETURN result;
END
$fn$;

-- What the intake form needs when it opens, in one round trip.
CREATE FUNCTION app.intake_context() RETURNS jsonb LANGUAGE sql STABLE {SECURITY} AS $fn$
    SELECT jsonb_build_object(
        'today', app.shop_today(),
        'shop', app.setting('shop'),
        'promise', app.setting('promise'),
        'quote_required', app.setting('quote_required'),
        'uncollected_days', app.setting('uncollected_days'),
        'calendar', (SELECT coalesce(jsonb_agg(jsonb_build_object('day', w.day,
                                                                  'working', w.working)), '[]')
                     FROM app.work_calendar w
                     WHERE w.day BETWEEN app.shop_today() - 7 AND app.shop_today() + 400),
        'work_types', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'code', w.code,
                           'name', w.name, 'labour_fee', w.labour_fee,
                           'repair_warranty_days', w.repair_warranty_days) ORDER BY w.id), '[]')
                       FROM app.work_type w WHERE w.active),
        'service_modes', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', m.code,
                              'label', m.label) ORDER BY m.code), '[]')
                          FROM app.service_mode m WHERE m.active),
        'regions', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name',
                        coalesce(pr.name || ' ', '') || r.name) ORDER BY pr.name, r.name), '[]')
                    FROM app.region r LEFT JOIN app.region pr ON pr.id = r.parent_id
                    WHERE r.active),
        'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.id,
                            'name', e.name) ORDER BY e.name), '[]')
                        FROM app.employee e WHERE e.active AND e.is_technician),
        'dictionary', (SELECT coalesce(jsonb_object_agg(k.kind, k.vals), '{{}}') FROM (
                           SELECT d.kind, jsonb_agg(d.value ORDER BY d.uses DESC, d.value)
                                  AS vals
                           FROM (SELECT e.kind, e.value, e.uses, row_number() OVER (
                                     PARTITION BY e.kind ORDER BY e.uses DESC, e.value) AS n
                                 FROM app.dictionary_entry e
                                 WHERE e.active AND e.merged_into IS NULL) d
                           WHERE d.n <= 300 GROUP BY d.kind) k),
        'channels', (SELECT jsonb_build_array('phone') || coalesce(jsonb_agg(c.channel
                         ORDER BY c.channel), '[]')
                     FROM app.notice_channel c WHERE c.enabled),
        'templates', (SELECT coalesce(jsonb_object_agg(n.kind, n.body), '{{}}')
                      FROM app.notice_template n))
$fn$;

-- Everything one ticket tab shows (and its receipts print), in one round trip.
CREATE FUNCTION app.ticket_detail(p_id bigint) RETURNS jsonb LANGUAGE sql STABLE {SECURITY}
AS $fn$
    SELECT jsonb_build_object(
        'ticket', to_jsonb(t) - 'search_text',
        'customer', jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name,
            'address', c.address,
            'phones', (SELECT coalesce(jsonb_agg(app.mask_phone(cp.phone)
                                                 ORDER BY cp.is_primary DESC, cp.id), '[]')
                       FROM app.customer_phone cp WHERE cp.customer_id = c.id)),
        'technician', (SELECT e.name FROM app.employee e WHERE e.id = t.technician_id),
        'region', (SELECT r.name FROM app.region r WHERE r.id = t.region_id),
        'work_type', (SELECT w.name FROM app.work_type w WHERE w.id = t.work_type_id),
        'rework_of_number', (SELECT r.number FROM app.ticket r WHERE r.id = t.rework_of),
        'device_warranty_months', (SELECT d.warranty_months FROM app.device d
                                   WHERE d.id = t.device_id),
        'history', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.id), '[]')
                    FROM app.ticket_status s WHERE s.ticket_id = t.id),
        'locations', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.id), '[]')
                      FROM app.ticket_location l WHERE l.ticket_id = t.id),
        'quotes', (SELECT coalesce(jsonb_agg(to_jsonb(q) ORDER BY q.id), '[]')
                   FROM app.ticket_quote q WHERE q.ticket_id = t.id),
        'notices', (SELECT coalesce(jsonb_agg(to_jsonb(n) || jsonb_build_object('recipient',
                        CASE WHEN n.channel = 'email' THEN n.recipient
                             ELSE app.mask_phone(n.recipient) END) ORDER BY n.id), '[]')
                    FROM app.customer_notice n WHERE n.ticket_id = t.id),
        'settlements', (SELECT coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object('lines',
                            (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.line_no), '[]')
                             FROM app.settlement_line l WHERE l.settlement_id = s.id))
                            ORDER BY s.id), '[]')
                        FROM app.settlement s WHERE s.ticket_id = t.id),
        'shop', app.setting('shop'),
        'uncollected_days', app.setting('uncollected_days'),
        'templates', (SELECT coalesce(jsonb_object_agg(n.kind, n.body), '{{}}')
                      FROM app.notice_template n),
        'channels', (SELECT jsonb_build_array('phone') || coalesce(jsonb_agg(ch.channel
                         ORDER BY ch.channel), '[]')
                     FROM app.notice_channel ch WHERE ch.enabled),
        'today', app.shop_today())
    FROM app.ticket t JOIN app.customer c ON c.id = t.customer_id
    WHERE t.id = p_id
$fn$;
"""

# The returning-customer lookup (0006) learns the customer's last visits.
LAST_VISITS = """
DO $do$
DECLARE
    body text := pg_get_functiondef('app.customer_lookup(text, integer)'::regprocedure);
    visits text := $v$(SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'id', v.id, 'number', v.number, 'received_on', v.received_on,
                'device_id', v.device_id, 'product', v.product, 'model', v.model,
                'fault', v.fault, 'status', v.status, 'warranty_class', v.warranty_class,
                'picked_up_at', v.picked_up_at,
                'repair_warranty_until', v.repair_warranty_until,
                'technician_id', v.technician_id) ORDER BY v.received_at DESC), '[]'::jsonb)
            FROM (SELECT * FROM app.ticket t0 WHERE t0.customer_id = c.id
                  ORDER BY t0.received_at DESC LIMIT 5) v))$v$;
BEGIN
    IF position($o$'last_visits', '[]'::jsonb)$o$ IN body) = 0 THEN
        RAISE EXCEPTION 'customer_lookup has changed: cannot add last visits';
    END IF;
    EXECUTE replace(body, $o$'last_visits', '[]'::jsonb)$o$, $n$'last_visits', $n$ || visits);
END
$do$;
"""

DEFINERS = [
    "app.ticket_intake(jsonb)", "app.ticket_set_status(bigint, integer, text, text)",
    "app.ticket_edit(bigint, integer, jsonb)", "app.ticket_move(bigint, jsonb)",
    "app.ticket_quote(bigint, jsonb)",
    "app.ticket_quote_decide(bigint, boolean, text, date, text)",
    "app.notice_log(jsonb)", "app.notice_result(bigint, boolean, text)",
    "app.preorder_create(jsonb)", "app.preorder_arrive(bigint, text)",
    "app.preorder_pickup(bigint, text, numeric)", "app.preorder_cancel(bigint, text)",
    "app.ticket_settle(bigint, integer, jsonb)", "app.settlement_void(bigint, text)",
    "app.ticket_board()", "app.intake_context()", "app.ticket_detail(bigint)",
]
READERS = [
    "app.shop_today()", "app.setting(text)", "app.format_number(text, date, integer)",
    "app.is_working_day(date)", "app.add_working_days(date, integer)",
    "app.warranty_decision(date, integer, boolean, boolean, boolean, date)",
    "app.shop_midnight()", "app.mask_phone(text)",
]
INTERNAL = [
    "app.need(text)", "app.refuse(text, text)", "app.next_number(text)",
    "app.ticket_changed(bigint, text)", "app.learn(text, text)",
    "app.ticket_for_update(bigint, integer)",
]


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    for block in (HELPERS, INTAKE, STATUS, QUOTES_NOTICES, PREORDERS, SETTLEMENT, READS,
                  LAST_VISITS):
        op.execute(block)
    for function in DEFINERS + READERS + INTERNAL:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    for function in DEFINERS + READERS:
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO as_operator")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute(LAST_VISITS.replace("position($o$'last_visits', '[]'::jsonb)$o$ IN body) = 0",
                                   "position($n$'last_visits', $n$ || visits IN body) = 0")
               .replace("EXECUTE replace(body, $o$'last_visits', '[]'::jsonb)$o$, "
                        "$n$'last_visits', $n$ || visits);",
                        "EXECUTE replace(body, $n$'last_visits', $n$ || visits, "
                        "$o$'last_visits', '[]'::jsonb)$o$);"))
    for function in DEFINERS + INTERNAL + READERS:
        op.execute(f"DROP FUNCTION {function}")

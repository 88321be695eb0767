-- Settle a ticket: app.settlement_totals computes and checks every amount (the same
-- arithmetic as domain/fees.py) and who pays: the ticket's warranty class says whom
-- (app.billed_to_default), and billing anyone else needs warranty.override and a reason,
-- which is stored with the settlement (and so in its audit row). Ids are read through
-- app.arg_id and app.arg_uuid (a wrong one is refused naming its field); the day's JS
-- number is taken after every check.
CREATE OR REPLACE FUNCTION app.ticket_settle(p_id bigint, p_version integer, p jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    found_ app.settlement;
    totals jsonb;
    line jsonb;
    given jsonb;
    n integer := 0;
    override_ boolean;
    s_id bigint;
    number_ text;
    operation_ uuid;
    version_ integer;
BEGIN
    PERFORM app.need('settlement.collect');
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    IF operation_ IS NOT NULL THEN
        SELECT * INTO found_ FROM app.settlement WHERE operation_id = operation_;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'repeated', true);
        END IF;
    END IF;
    PERFORM app.arg_text(p ->> 'discount_reason', 'discount_reason', 200),
            app.arg_text(p ->> 'payer_reason', 'payer_reason', 200);
    t := app.ticket_for_update(p_id, p_version);
    IF t.status = 'cancelled' THEN
        PERFORM app.refuse('settle_cancelled', t.number);
    END IF;
    IF t.settled THEN
        PERFORM app.refuse('already_settled', t.number);
    END IF;
    totals := app.settlement_totals(
        coalesce(p -> 'lines', '[]'), app.as_number(coalesce(p ->> 'discount', '0')),
        p ->> 'discount_reason', coalesce(p ->> 'payment_method', 'none'),
        app.as_number(p ->> 'paid'), app.billed_to_default(t.warranty_class, t.rework_free),
        p ->> 'payer_reason');
    override_ := (totals ->> 'payer_override')::boolean;
    IF override_ THEN
        PERFORM app.need('warranty.override');
    END IF;
    FOR given IN SELECT * FROM jsonb_array_elements(p -> 'lines') LOOP
        PERFORM app.arg_id(given ->> 'item_id', 'item_id'),
                app.arg_id(given ->> 'work_type_id', 'work_type_id');
    END LOOP;
    number_ := app.next_number('JS');
    INSERT INTO app.settlement (number, operation_id, ticket_id, subtotal, discount,
        discount_reason, manufacturer_amount, shop_amount, customer_amount, payment_method,
        paid, change_given, payer_reason)
    VALUES (number_, operation_, t.id, (totals ->> 'subtotal')::numeric,
        (totals ->> 'discount')::numeric, btrim(coalesce(p ->> 'discount_reason', '')),
        (totals ->> 'manufacturer_amount')::numeric, (totals ->> 'shop_amount')::numeric,
        (totals ->> 'customer_due')::numeric, coalesce(p ->> 'payment_method', 'none'),
        (totals ->> 'paid')::numeric, (totals ->> 'change')::numeric,
        CASE WHEN override_ THEN btrim(p ->> 'payer_reason') ELSE '' END)
    RETURNING id INTO s_id;
    FOR line IN SELECT * FROM jsonb_array_elements(totals -> 'lines') LOOP
        given := p -> 'lines' -> n;
        n := n + 1;
        INSERT INTO app.settlement_line (settlement_id, line_no, kind, item_id, work_type_id,
            description, quantity, unit_price, amount, billed_to)
        VALUES (s_id, n, line ->> 'kind', app.arg_id(given ->> 'item_id', 'item_id'),
            app.arg_id(given ->> 'work_type_id', 'work_type_id'), line ->> 'description',
            (line ->> 'quantity')::numeric, (line ->> 'unit_price')::numeric,
            (line ->> 'amount')::numeric, line ->> 'billed_to');
    END LOOP;
    UPDATE app.ticket SET settled = true, fee_total = (totals ->> 'customer_due')::numeric
    WHERE id = t.id RETURNING version INTO version_;
    PERFORM app.ticket_changed(t.id, 'settled');
    RETURN jsonb_build_object('id', s_id, 'number', number_,
        'customer_amount', (totals ->> 'customer_due')::numeric,
        'change', (totals ->> 'change')::numeric, 'ticket_version', version_,
        'repeated', false);
END
$fn$;

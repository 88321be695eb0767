-- Settle a ticket: app.settlement_totals computes and checks every amount (the same
-- arithmetic as domain/fees.py) and who pays: the ticket's warranty class says whom
-- (app.billed_to_default), and billing anyone else needs warranty.override and a reason,
-- which is stored with the settlement (and so in its audit row). Ids are read through
-- app.arg_id and app.arg_uuid (a wrong one is refused naming its field); the day's JS
-- number is taken after every check.
--
-- Since revision 0016 the parts are the ticket's requisitions (app.requisition_lines):
-- every issue line with parts still out after its returns becomes a part line at the
-- price stored on the line, billed as the ticket's warranty class says, after the typed
-- lines (labour, other). A typed part line on a ticket with requisitions is refused (the
-- part would be billed twice), and so is a settlement the client added up on other
-- requisitions than the ticket has now (requisition_version: what the dialog showed).
-- The ticket row is locked for update, so a requisition being saved is waited for and
-- none can be saved until this settlement commits (and then it is frozen).
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
    payer_ text;
    requisition_ app.requisition;
    parts_ jsonb := '[]';
    lines_ jsonb;
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
    payer_ := app.billed_to_default(t.warranty_class, t.rework_free);
    SELECT * INTO requisition_ FROM app.requisition r WHERE r.ticket_id = t.id;
    IF FOUND THEN
        IF (p ->> 'requisition_version') IS DISTINCT FROM requisition_.version::text THEN
            PERFORM app.refuse('requisitions_changed', t.number);
        END IF;
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'part', 'description', left(l ->> 'item_code' || ' '
                                                       || (l ->> 'item_name'), 100),
                   'quantity', l -> 'net_quantity', 'unit_price', l -> 'unit_price',
                   'billed_to', payer_, 'item_id', l ->> 'item_id')), '[]')
        INTO parts_
        FROM jsonb_array_elements(app.requisition_lines(t.id) -> 'lines') l
        WHERE l ->> 'kind' = 'issue' AND (l ->> 'net_quantity')::numeric > 0;
    END IF;
    IF jsonb_array_length(parts_) > 0 AND EXISTS (
            SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p -> 'lines') = 'array'
                                                    THEN p -> 'lines' ELSE '[]' END) g
            WHERE g ->> 'kind' = 'part') THEN
        PERFORM app.refuse('part_lines_from_requisitions', t.number);
    END IF;
    lines_ := CASE WHEN jsonb_typeof(p -> 'lines') = 'array' THEN p -> 'lines' ELSE '[]' END
              || parts_;
    totals := app.settlement_totals(
        lines_, app.as_number(coalesce(p ->> 'discount', '0')),
        p ->> 'discount_reason', coalesce(p ->> 'payment_method', 'none'),
        app.as_number(p ->> 'paid'), payer_, p ->> 'payer_reason');
    override_ := (totals ->> 'payer_override')::boolean;
    IF override_ THEN
        PERFORM app.need('warranty.override');
    END IF;
    FOR given IN SELECT * FROM jsonb_array_elements(lines_) LOOP
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
        given := lines_ -> n;
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

-- A part ordered for a customer; its amounts are app.preorder_amounts' (the rule the
-- form checks too, domain/fees.py preorder_amounts). Ids, the operation id and the
-- expected day are read through the app.arg_* readers and the part's name is held to
-- its length before anything is written; the day's YD number is taken last, so the
-- counter is held only for the insert (revision 0014). An optional inquiry_id links the
-- inquiry (咨询) the pre-order comes from (revision 0021: app.inquiry_take).
CREATE OR REPLACE FUNCTION app.preorder_create(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    found_ app.part_preorder;
    operation_ uuid;
    customer_ bigint;
    ticket_ bigint;
    item_ bigint;
    expected_ date;
    part_ text;
    amounts jsonb;
    number_ text;
    n_id bigint;
    inquiry_ bigint;
BEGIN
    PERFORM app.need('intake.create');
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    IF operation_ IS NOT NULL THEN
        SELECT * INTO found_ FROM app.part_preorder WHERE operation_id = operation_;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'repeated', true);
        END IF;
    END IF;
    customer_ := app.arg_id(p ->> 'customer_id', 'customer');
    ticket_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    item_ := app.arg_id(p ->> 'item_id', 'item_id');
    expected_ := app.arg_date(p ->> 'expected_on', 'expected_on');
    part_ := coalesce(app.arg_text(p ->> 'part_name', 'part_name', 100), '');
    inquiry_ := app.arg_id(p ->> 'inquiry_id', 'inquiry_id');
    IF customer_ IS NULL OR NOT EXISTS (SELECT FROM app.customer WHERE id = customer_) THEN
        PERFORM app.refuse('customer_missing', 'customer');
    END IF;
    IF part_ = '' THEN
        PERFORM app.refuse('part_required', 'part_name');
    END IF;
    PERFORM app.inquiry_take(inquiry_, customer_);
    -- quantity, price and deposit rounded to the cent and checked (app.preorder_amounts)
    amounts := app.preorder_amounts(app.as_number(p ->> 'quantity'),
                                    app.as_number(p ->> 'unit_price'),
                                    app.as_number(p ->> 'deposit'));
    number_ := app.next_number('YD');
    INSERT INTO app.part_preorder (number, operation_id, customer_id, ticket_id, item_id,
        part_name, quantity, unit_price, deposit, expected_on)
    VALUES (number_, operation_, customer_, ticket_, item_, part_,
        (amounts ->> 'quantity')::numeric, (amounts ->> 'unit_price')::numeric,
        (amounts ->> 'deposit')::numeric, expected_)
    RETURNING id INTO n_id;
    IF inquiry_ IS NOT NULL THEN
        UPDATE app.inquiry SET preorder_id = n_id WHERE id = inquiry_;
    END IF;
    RETURN jsonb_build_object('id', n_id, 'number', number_, 'repeated', false);
END
$fn$;

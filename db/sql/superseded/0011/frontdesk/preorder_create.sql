-- A part ordered for a customer; its amounts are app.preorder_amounts' (the rule the
-- form checks too, domain/fees.py preorder_amounts).
CREATE OR REPLACE FUNCTION app.preorder_create(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    found_ app.part_preorder;
    amounts jsonb;
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
    -- quantity, price and deposit rounded to the cent and checked (app.preorder_amounts)
    amounts := app.preorder_amounts(app.as_number(p ->> 'quantity'),
                                    app.as_number(p ->> 'unit_price'),
                                    app.as_number(p ->> 'deposit'));
    number_ := app.next_number('YD');
    INSERT INTO app.part_preorder (number, operation_id, customer_id, ticket_id, item_id,
        part_name, quantity, unit_price, deposit, expected_on)
    VALUES (number_, (p ->> 'operation_id')::uuid, (p ->> 'customer_id')::bigint,
        (p ->> 'ticket_id')::bigint, (p ->> 'item_id')::bigint, btrim(p ->> 'part_name'),
        (amounts ->> 'quantity')::numeric, (amounts ->> 'unit_price')::numeric,
        (amounts ->> 'deposit')::numeric, (p ->> 'expected_on')::date)
    RETURNING id INTO n_id;
    RETURN jsonb_build_object('id', n_id, 'number', number_, 'repeated', false);
END
$fn$;

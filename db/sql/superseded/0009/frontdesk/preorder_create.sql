CREATE OR REPLACE FUNCTION app.preorder_create(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
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

-- Move one serial unit of an item from where it is to its next place: a warehouse or a
-- ticket (fitted in the customer's unit), never both (the row's CHECK), one row per
-- (item, serial) (its primary key): a serial is in one place at a time. A serial the
-- database has not met yet (a part received before serials were kept, the faulty part
-- that came out of the unit) starts at its new place; one that is somewhere else than
-- p_from_* is refused naming where it is, so a part fitted on another ticket cannot be
-- fitted here too. A swap, a removal and fitting the same part again are just moves,
-- never "already consumed". Runs inside app.requisition_save (not granted).
CREATE OR REPLACE FUNCTION app.stock_serial_move(p_item bigint, p_serial text,
    p_from_warehouse bigint, p_from_ticket bigint, p_to_warehouse bigint,
    p_to_ticket bigint) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    found_ app.stock_serial;
BEGIN
    INSERT INTO app.stock_serial (item_id, serial, warehouse_id, ticket_id)
    VALUES (p_item, p_serial, p_to_warehouse, p_to_ticket)
    ON CONFLICT (item_id, serial) DO NOTHING;
    IF FOUND THEN
        RETURN;  -- met for the first time: it is where it goes now
    END IF;
    SELECT * INTO found_ FROM app.stock_serial
    WHERE item_id = p_item AND serial = p_serial FOR UPDATE;
    IF found_.warehouse_id IS NOT DISTINCT FROM p_from_warehouse
       AND found_.ticket_id IS NOT DISTINCT FROM p_from_ticket THEN
        UPDATE app.stock_serial SET warehouse_id = p_to_warehouse, ticket_id = p_to_ticket,
            updated_at = now()
        WHERE item_id = p_item AND serial = p_serial;
        RETURN;
    END IF;
    PERFORM app.refuse('serial_elsewhere', jsonb_build_object(
        'serial', p_serial,
        'place', coalesce((SELECT w.name FROM app.warehouse w WHERE w.id = found_.warehouse_id),
                          (SELECT t.number FROM app.ticket t WHERE t.id = found_.ticket_id),
                          '')::text)::text);
END
$fn$;

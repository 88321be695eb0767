-- What a requisition line has moved, as stock: a list of {item_id, warehouse_id,
-- quantity (signed), cost_line, zero_cost}. An issue takes its quantity from its
-- warehouse (and the faulty part it replaces, when it names where that went, enters that
-- scrap or merchant-returns warehouse); a return (退料) puts its quantity back; a
-- removal puts the part taken out of the unit into its warehouse; a deleted line has
-- moved nothing. app.requisition_save moves the difference between a line's list before
-- and after a save, so a new line, a changed quantity, a changed item or warehouse and a
-- deleted line are all the same arithmetic. Stock coming back is valued at what the
-- issue took (cost_line: the line whose issue cost it is); a faulty part has no value
-- (zero_cost); stock going out takes the average.
CREATE OR REPLACE FUNCTION app.requisition_moves(p_line app.requisition_line)
RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_line.id IS NULL OR p_line.state = 'deleted' THEN '[]'::jsonb
        WHEN p_line.kind = 'issue' THEN
            jsonb_build_array(jsonb_build_object(
                'item_id', p_line.item_id, 'warehouse_id', p_line.warehouse_id,
                'quantity', -p_line.quantity, 'cost_line', p_line.id, 'zero_cost', false))
            || CASE WHEN p_line.removed_to_warehouse_id IS NULL THEN '[]'::jsonb
                    ELSE jsonb_build_array(jsonb_build_object(
                        'item_id', p_line.item_id,
                        'warehouse_id', p_line.removed_to_warehouse_id,
                        'quantity', p_line.quantity, 'cost_line', NULL, 'zero_cost', true))
               END
        WHEN p_line.kind = 'return' THEN
            jsonb_build_array(jsonb_build_object(
                'item_id', p_line.item_id, 'warehouse_id', p_line.warehouse_id,
                'quantity', p_line.quantity, 'cost_line', p_line.return_of,
                'zero_cost', false))
        ELSE
            jsonb_build_array(jsonb_build_object(
                'item_id', p_line.item_id, 'warehouse_id', p_line.warehouse_id,
                'quantity', p_line.quantity, 'cost_line', NULL, 'zero_cost', true))
    END
$fn$;

-- Moving-average arithmetic of one move on a balance of p_qty units worth p_value at
-- average p_avg (domain/stock.py move_value is the same rule; a test runs both on the
-- same cases). Returns the move's unit cost, its value change and the average after.
--   receipt (p_quantity > 0): at p_unit_cost (NULL: the average), value +=
--     round(qty * cost, 2), average = round((value + qty * cost) / (qty_before + qty), 4);
--     with p_value (a transfer's second leg, a reversed issue) exactly that value is
--     added and the average is round((value + p_value) / (qty_before + qty), 4);
--   issue (p_quantity < 0): at the average, value -= round(qty * average, 2), but never
--     more than the balance is worth, and the last unit out takes what is left, so an
--     empty balance is worth 0; the average stays (a reversed receipt, p_value given,
--     takes that value and recomputes it).
CREATE OR REPLACE FUNCTION app.stock_move_value(p_qty numeric, p_value numeric, p_avg numeric,
                                                p_quantity numeric, p_unit_cost numeric,
                                                p_value_change numeric,
                                                OUT unit_cost numeric, OUT value_change numeric,
                                                OUT avg_after numeric)
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_qty < 0 OR p_value < 0 OR p_avg < 0 OR p_quantity = 0 OR p_qty + p_quantity < 0
       OR 'NaN' IN (p_qty, p_value, p_avg, p_quantity, p_unit_cost, p_value_change) THEN
        RAISE EXCEPTION 'no such balance or move' USING ERRCODE = '22023';
    END IF;
    IF p_quantity > 0 THEN
        IF p_value_change IS NOT NULL THEN
            value_change := p_value_change;
            unit_cost := coalesce(p_unit_cost, round(p_value_change / p_quantity, 4));
            avg_after := round((p_value + p_value_change) / (p_qty + p_quantity), 4);
        ELSE
            unit_cost := coalesce(p_unit_cost, p_avg);
            value_change := round(p_quantity * unit_cost, 2);
            avg_after := round((p_value + p_quantity * unit_cost) / (p_qty + p_quantity), 4);
        END IF;
    ELSE
        unit_cost := coalesce(p_unit_cost, p_avg);
        IF p_qty + p_quantity = 0 THEN
            value_change := -p_value;
        ELSIF p_value_change IS NOT NULL THEN
            value_change := greatest(p_value_change, -p_value);
        ELSE
            value_change := -least(round(-p_quantity * p_avg, 2), p_value);
        END IF;
        IF p_value_change IS NOT NULL AND p_qty + p_quantity > 0 THEN
            avg_after := round((p_value + value_change) / (p_qty + p_quantity), 4);
        ELSE
            avg_after := p_avg;
        END IF;
    END IF;
END
$fn$;

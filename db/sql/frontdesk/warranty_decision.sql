-- Same rule as domain/warranty.py decide_warranty (a test runs both on one table).
-- Days outside the years a shop has and warranties past 120 months are refused
-- (revision 0014: a purchase in 4713 BC gave a coverage date no client can read).
CREATE OR REPLACE FUNCTION app.warranty_decision(p_purchase date, p_months integer,
                                                 p_proof boolean, p_human_damage boolean,
                                                 p_claim boolean, p_today date,
                                                 OUT warranty_class text, OUT reason text,
                                                 OUT covered_until date)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_purchase NOT BETWEEN '1970-01-01' AND '2199-12-31' THEN
        PERFORM app.refuse('field_date_invalid', jsonb_build_object('field', 'purchase_date',
            'label', 'purchase_date', 'min', '1970-01-01', 'max', '2199-12-31')::text);
    END IF;
    IF p_today NOT BETWEEN '2000-01-01' AND '2199-12-31' THEN
        PERFORM app.refuse('field_date_invalid', jsonb_build_object('field', 'today',
            'label', 'today', 'min', '2000-01-01', 'max', '2199-12-31')::text);
    END IF;
    IF p_months NOT BETWEEN 0 AND 120 THEN
        PERFORM app.refuse('warranty_months_invalid', '120');
    END IF;
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

-- Who pays a ticket's fees unless someone with warranty.override says otherwise: the
-- manufacturer in warranty and for claim units, the shop for a free rework of its own
-- repair, else the customer. The same as domain/warranty.py billed_to_default. An
-- unknown class is a bug; its message repeats at most 20 characters of it (0014).
CREATE OR REPLACE FUNCTION app.billed_to_default(p_warranty_class text, p_rework_free boolean)
RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_warranty_class IN ('in_warranty', 'claim') THEN
        RETURN 'manufacturer';
    ELSIF p_warranty_class = 'out_of_warranty' THEN
        RETURN CASE WHEN p_rework_free THEN 'shop' ELSE 'customer' END;
    END IF;
    RAISE EXCEPTION 'unknown warranty class %', left(p_warranty_class, 20)
        USING ERRCODE = '22023';
END
$fn$;

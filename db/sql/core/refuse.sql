-- Refuse: P0001 with HINT aftersales:<code>, which the client's catalogue turns into a
-- message. A NULL detail (a refusal naming a NULL id) is an empty one: RAISE cannot take
-- a NULL option, and the operator would read SQL talk instead of the refusal. The detail
-- is cut to 2,000 characters and the message to 200: a refusal that repeats what it
-- refuses never sends a megabyte back (revision 0014).
CREATE OR REPLACE FUNCTION app.refuse(p_code text, p_detail text DEFAULT '') RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    RAISE EXCEPTION 'refused: % %', left(p_code, 100), left(coalesce(p_detail, ''), 100)
        USING ERRCODE = 'P0001',
              HINT = 'aftersales:' || left(coalesce(p_code, 'record_inconsistent'), 100),
              DETAIL = left(coalesce(p_detail, ''), 2000);
END
$fn$;

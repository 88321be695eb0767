-- The request of the statements' print (app.commission_month_print), read and checked:
-- the capability and the current open month as the commission reads check them
-- (app.commission_read_args: commission.view_own, view_all or settle), the month (any
-- day of it; default the current open month), the statements wanted (statement_ids: a
-- list of at most 500 ids, each once, in the order they are to print; absent or null:
-- every statement of the month the caller may read), and the shop's header (name,
-- address, phone: app.setting('shop')).
-- SECURITY DEFINER: the print runs as its caller, so that row security applies; the
-- readers, the capability check and the shop's setting are the owner's.
CREATE OR REPLACE FUNCTION app.commission_print_args(p jsonb)
RETURNS TABLE (month date, statement_ids bigint[], shop jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    ids_ jsonb := CASE WHEN jsonb_typeof(p) = 'object' THEN p -> 'statement_ids' END;
BEGIN
    SELECT a.current_month INTO month
    FROM app.commission_read_args('{}'::jsonb, 'periods') a;
    IF jsonb_typeof(p) = 'object' THEN
        month := coalesce(date_trunc('month', app.arg_date(p ->> 'month', 'month'))::date,
                          month);
    END IF;
    IF ids_ IS NOT NULL AND jsonb_typeof(ids_) <> 'null' THEN
        IF jsonb_typeof(ids_) <> 'array' THEN
            PERFORM app.arg_refusal('field_malformed', 'statement_ids');
        END IF;
        IF jsonb_array_length(ids_) > 500 THEN
            PERFORM app.arg_refusal('field_too_long', 'statement_ids', '{"max": 500}');
        END IF;
        IF EXISTS (SELECT FROM jsonb_array_elements(ids_) e
                   WHERE jsonb_typeof(e) NOT IN ('number', 'string')) THEN
            PERFORM app.arg_refusal('reference_missing', 'statement_ids');
        END IF;
        statement_ids := ARRAY(SELECT app.arg_id(e #>> '{}', 'statement_ids')
                               FROM jsonb_array_elements(ids_) WITH ORDINALITY x(e, n)
                               ORDER BY n);
        IF cardinality(statement_ids) <> (SELECT count(DISTINCT i)
                                          FROM unnest(statement_ids) i) THEN
            PERFORM app.arg_refusal('field_listed_twice', 'statement_ids');
        END IF;
    END IF;
    shop := coalesce((SELECT s.value FROM app.shop_setting s WHERE s.key = 'shop'), '{}');
    RETURN NEXT;
END
$fn$;

-- The month's statements as the PDF and the workbook print them, in one round trip.
--
--   p: {month (any day of it; default the current open month),
--       statement_ids (optional, <= 500: these, in this order)}
--   -> {"month", "shop": {name, address, phone, ...},
--       "statements": [app.commission_statement_get({"statement_id": id}) ...]}
-- Every statement of the month the caller may read (employees first, then outlets, by
-- payee code), or those of statement_ids that are of the month and readable (others are
-- left out, as the list leaves them out). Each entry is exactly what the statement view
-- shows (app.commission_statement_get of cm-month: the header, stale or not, and every
-- line of the payee, a margin line's base only for costs.view).
--
-- For commission.view_own, view_all or settle (app.commission_print_args checks it).
-- SECURITY INVOKER: the statements and their lines are read under the caller's row
-- security: a technician prints only their own.
CREATE OR REPLACE FUNCTION app.commission_month_print(p jsonb) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object(
        'month', a.month, 'shop', a.shop,
        'statements', coalesce((
            SELECT jsonb_agg(app.commission_statement_get(
                                 jsonb_build_object('statement_id', s.id))
                             ORDER BY array_position(a.statement_ids, s.id),
                                      s.employee_id IS NULL, s.payee_code, s.id)
            FROM app.commission_statement s
            WHERE s.period = a.month
              AND (a.statement_ids IS NULL OR s.id = ANY (a.statement_ids))), '[]'))
    FROM app.commission_print_args(p) a
$fn$;

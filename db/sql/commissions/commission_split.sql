-- p_total split by shares (revision 0022): p_shares = [{"employee_id": .., "share": ..}],
-- the shares in % summing to 100. Each payee gets p_total x share / 100 cut to the fen
-- toward zero; the fens left over go one each to the largest cut-off remainders, ties to
-- the lower employee id: the result never depends on the order of the shares and always
-- sums to p_total (rounded to the fen). The caller checks the shares (app.job_shares_set
-- does). The same rule as domain/commissions.py split_amounts.
CREATE OR REPLACE FUNCTION app.commission_split(p_total numeric, p_shares jsonb)
RETURNS TABLE (employee_id bigint, amount numeric)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH exact AS (
        SELECT (s ->> 'employee_id')::bigint AS employee_id,
               round(p_total, 2) * (s ->> 'share')::numeric / 100 AS exact
        FROM jsonb_array_elements(p_shares) s
    ), cut AS (
        SELECT e.employee_id, e.exact, trunc(e.exact, 2) AS cut FROM exact e
    ), ranked AS (
        SELECT c.employee_id, c.cut,
               (round(p_total, 2) - sum(c.cut) OVER ()) / 0.01 AS left_fens,
               row_number() OVER (ORDER BY abs(c.exact - c.cut) DESC, c.employee_id) AS n
        FROM cut c
    )
    SELECT r.employee_id,
           r.cut + CASE WHEN r.n <= abs(r.left_fens) THEN sign(r.left_fens) * 0.01
                        ELSE 0 END
    FROM ranked r
    ORDER BY r.employee_id
$fn$;

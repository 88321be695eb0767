-- What a line pays now: its amount plus the late adjustments that refer to it (a reopened
-- job, a refund) and those that refer to them (a refund settled again).
CREATE OR REPLACE FUNCTION app.commission_net(p_line bigint) RETURNS numeric
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT l.amount + coalesce(
        (SELECT sum(a.amount + coalesce((SELECT sum(s.amount) FROM app.commission_line s
                                         WHERE s.reverses_line_id = a.id
                                           AND s.state = 'active'), 0))
         FROM app.commission_line a WHERE a.reverses_line_id = l.id AND a.state = 'active'),
        0)
    FROM app.commission_line l WHERE l.id = p_line
$fn$;

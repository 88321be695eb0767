-- A ticket's settlement voided (p_settlement: the reversal): every active commission line
-- of the ticket's reviewed jobs that still pays something and is not taken back by a
-- refund already gets an adjustment (origin late, reason 'refund') of minus what it pays
-- now (app.commission_net: the line and its adjustments), in the open month, whatever
-- the line's month: a refund is never settled as positive commission (#55). The
-- adjustment refers to the line (reverses_line_id). Returns how many it made.
CREATE OR REPLACE FUNCTION app.commission_refund(p_ticket bigint, p_settlement bigint)
RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    period_ date;
    n integer;
BEGIN
    IF NOT EXISTS (SELECT FROM app.commission_line c
                   WHERE c.ticket_id = p_ticket AND c.kind = 'commission') THEN
        RETURN 0;
    END IF;
    period_ := app.commission_open_period(app.shop_today());
    INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin, source_key,
        job_id, ticket_id, work_type_id, quantity, share, amount, reverses_line_id, reason)
    SELECT period_, c.employee_id, c.outlet_id, 'adjustment', 'late',
           'late:refund:' || c.id || ':s:' || p_settlement, c.job_id, c.ticket_id,
           c.work_type_id, c.quantity, c.share, -c.net, c.id, 'refund'
    FROM (SELECT x.*, app.commission_net(x.id) AS net
          FROM app.commission_line x
          WHERE x.ticket_id = p_ticket AND x.kind = 'commission' AND x.origin = 'review'
            AND x.state = 'active'
            -- reopened: taken back already
            AND NOT EXISTS (SELECT FROM app.commission_line a WHERE a.reverses_line_id = x.id
                            AND a.reason = 'job_reopened')
            -- refunded, and that refund not settled again
            AND NOT EXISTS (SELECT FROM app.commission_line r WHERE r.reverses_line_id = x.id
                            AND r.reason = 'refund'
                            AND NOT EXISTS (SELECT FROM app.commission_line s
                                            WHERE s.reverses_line_id = r.id
                                              AND s.reason = 'resettled'))) c
    WHERE c.net <> 0
    ORDER BY c.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;

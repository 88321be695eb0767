-- A ticket settled again after a refund (p_settlement: the new sale): each of its refund
-- adjustments that is not reinstated yet, and whose line's job was not reopened since,
-- gets its mirror image (origin late, reason 'resettled', the refund's amount with the
-- other sign, reverses_line_id = the refund line) in the open month. Returns how many.
CREATE OR REPLACE FUNCTION app.commission_resettle(p_ticket bigint, p_settlement bigint)
RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    period_ date;
    n integer;
BEGIN
    IF NOT EXISTS (SELECT FROM app.commission_line r
                   WHERE r.ticket_id = p_ticket AND r.reason = 'refund') THEN
        RETURN 0;
    END IF;
    period_ := app.commission_open_period(app.shop_today());
    INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin, source_key,
        job_id, ticket_id, work_type_id, quantity, share, amount, reverses_line_id, reason)
    SELECT period_, r.employee_id, r.outlet_id, 'adjustment', 'late',
           'late:resettle:' || r.id || ':s:' || p_settlement, r.job_id, r.ticket_id,
           r.work_type_id, r.quantity, r.share, -r.amount, r.id, 'resettled'
    FROM app.commission_line r
    WHERE r.ticket_id = p_ticket AND r.kind = 'adjustment' AND r.reason = 'refund'
      AND r.state = 'active'
      AND NOT EXISTS (SELECT FROM app.commission_line s WHERE s.reverses_line_id = r.id
                      AND s.reason = 'resettled')
      AND NOT EXISTS (SELECT FROM app.commission_line a
                      WHERE a.reverses_line_id = r.reverses_line_id
                        AND a.reason = 'job_reopened')
    ORDER BY r.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;

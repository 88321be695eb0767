-- 结算本月: settle a month; from then on the lock (app.commission_locked) refuses any
-- write into it, whoever tries. A paid month never changes: a late event becomes an
-- adjustment in the open month.
--
--   p: {month (any day of it), version (the period's, as the screen read it)}
--   -> {month, statements (how many were settled), total (their sum)}
--
-- Needs commission.settle. Refused, in this order: the month has not ended (only a month
-- before the shop's current one: commission_month_not_ended), was never run
-- (commission_month_not_run), is settled already (commission_month_settled), its period
-- changed since the screen read it (commission_period_changed); manual rewards or
-- penalties of the month wait for a decision (adjustment_pending, detail how many); a
-- payee has active lines but no statement (statement_missing), a statement is not
-- confirmed (statement_not_confirmed) or its sums are not its lines' (statement_stale):
-- the detail names the payee. Then every statement is settled, the period after them
-- (the lock lets a confirmed statement become settled while its period is open).
CREATE OR REPLACE FUNCTION app.commission_month_settle(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    month_ date;
    version_ integer;
    period_ record;
    pending integer;
    name_ text;
    count_ integer;
    total_ numeric;
BEGIN
    PERFORM app.need('commission.settle');
    month_ := date_trunc('month', app.arg_date(p ->> 'month', 'month'))::date;
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2147483647);
    IF month_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'month');
    END IF;
    IF version_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;
    IF month_ >= date_trunc('month', app.shop_today())::date THEN
        PERFORM app.refuse('commission_month_not_ended', to_char(month_, 'YYYY-MM'));
    END IF;
    SELECT * INTO period_ FROM app.commission_period c WHERE c.month = month_ FOR UPDATE;
    IF NOT FOUND OR period_.run_at IS NULL THEN
        PERFORM app.refuse('commission_month_not_run', to_char(month_, 'YYYY-MM'));
    END IF;
    IF period_.state = 'settled' THEN
        PERFORM app.refuse('commission_month_settled', to_char(month_, 'YYYY-MM'));
    END IF;
    IF period_.version <> version_ THEN
        PERFORM app.refuse('commission_period_changed', to_char(month_, 'YYYY-MM'));
    END IF;
    SELECT count(*) INTO pending FROM app.commission_line l
    WHERE l.period = month_ AND l.state = 'proposed';
    IF pending > 0 THEN
        PERFORM app.refuse('adjustment_pending', pending::text);
    END IF;
    SELECT coalesce(e.name, o.name) INTO name_
    FROM (SELECT DISTINCT l.employee_id, l.outlet_id FROM app.commission_line l
          WHERE l.period = month_ AND l.state = 'active') y
    LEFT JOIN app.employee e ON e.id = y.employee_id
    LEFT JOIN app.service_outlet o ON o.id = y.outlet_id
    WHERE NOT EXISTS (SELECT FROM app.commission_statement s
                      WHERE s.period = month_
                        AND s.employee_id IS NOT DISTINCT FROM y.employee_id
                        AND s.outlet_id IS NOT DISTINCT FROM y.outlet_id)
    ORDER BY y.employee_id IS NULL, coalesce(y.employee_id, y.outlet_id) LIMIT 1;
    IF FOUND THEN
        PERFORM app.refuse('statement_missing', name_);
    END IF;
    SELECT s.payee_name INTO name_ FROM app.commission_statement s
    WHERE s.period = month_ AND s.state <> 'confirmed'
    ORDER BY s.employee_id IS NULL, coalesce(s.employee_id, s.outlet_id) LIMIT 1;
    IF FOUND THEN
        PERFORM app.refuse('statement_not_confirmed', name_);
    END IF;
    SELECT s.payee_name INTO name_ FROM app.commission_statement s
    WHERE s.period = month_
      AND (app.commission_statement_row(s) ->> 'stale')::boolean
    ORDER BY s.employee_id IS NULL, coalesce(s.employee_id, s.outlet_id) LIMIT 1;
    IF FOUND THEN
        PERFORM app.refuse('statement_stale', name_);
    END IF;
    WITH settled AS (
        UPDATE app.commission_statement s
        SET state = 'settled', settled_at = now(), settled_by = session_user
        WHERE s.period = month_ RETURNING s.total)
    SELECT count(*), coalesce(sum(total), 0) INTO count_, total_ FROM settled;
    UPDATE app.commission_period c
    SET state = 'settled', settled_at = now(), settled_by = session_user
    WHERE c.month = month_;
    RETURN jsonb_build_object('month', month_, 'statements', count_, 'total', total_);
END
$fn$;

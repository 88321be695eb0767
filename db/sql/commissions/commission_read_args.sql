-- The request of a commission read (app.commission_periods, app.commission_statements,
-- app.commission_statement_get: p_read 'periods' | 'statements' | 'statement'), read and
-- checked: the capability (commission.view_own, commission.view_all or
-- commission.settle), the month (any day of it; default the current open month), the
-- statement list's filters and page (search <= 50 characters, department, state, payee
-- kind, order 'payee' | 'total', offset, limit 1..200, default 50), the statement wanted
-- (statement_id, or month with employee_id or outlet_id; neither: the caller's own, the
-- employee their operator code names).
-- Also what the reads may not find out under their caller's rights: the current open
-- month (the first not settled from the shop's today's month on), whether the caller
-- sees the parts' costs (costs.view: a margin line's base), and a previewed payee's post
-- wage. Who sees only their own commission (commission.view_own alone) may ask for no
-- other payee (denied).
-- SECURITY DEFINER: the reads run as their caller, so that row security applies; the
-- readers and the capability checks are the owner's.
CREATE OR REPLACE FUNCTION app.commission_read_args(p jsonb, p_read text)
RETURNS TABLE (month date, current_month date, search text, department_id bigint,
               state text, payee_kind text, order_by text, row_offset integer,
               row_limit integer, statement_id bigint, employee_id bigint, outlet_id bigint,
               costs boolean, post_wage numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sees_all boolean := pg_has_role(session_user, 'as_cap_commission_view_all', 'MEMBER')
                        OR pg_has_role(session_user, 'as_cap_commission_settle', 'MEMBER');
    today_month date := date_trunc('month', app.shop_today())::date;
BEGIN
    IF NOT sees_all THEN
        PERFORM app.need('commission.view_own');
    END IF;
    IF p_read IS NULL OR p_read NOT IN ('periods', 'statements', 'statement') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'read');
    END IF;
    SELECT min(g)::date INTO current_month
    FROM generate_series(today_month, today_month + interval '10 years', interval '1 month') g
    WHERE NOT EXISTS (SELECT FROM app.commission_period c
                      WHERE c.month = g::date AND c.state = 'settled');
    costs := pg_has_role(session_user, 'as_cap_costs_view', 'MEMBER');
    IF p_read = 'periods' THEN
        RETURN NEXT;
        RETURN;
    END IF;
    month := coalesce(date_trunc('month', app.arg_date(p ->> 'month', 'month'))::date,
                      current_month);
    IF p_read = 'statements' THEN
        search := nullif(app.arg_text(p ->> 'search', 'search', 50), '');
        department_id := app.arg_id(p ->> 'department_id', 'department_id');
        state := app.arg_text(p ->> 'state', 'state', 20);
        IF state NOT IN ('draft', 'confirmed', 'settled') THEN
            PERFORM app.arg_refusal('field_choice_invalid', 'state');
        END IF;
        payee_kind := app.arg_text(p ->> 'payee_kind', 'payee_kind', 20);
        IF payee_kind NOT IN ('employee', 'outlet') THEN
            PERFORM app.arg_refusal('field_choice_invalid', 'payee_kind');
        END IF;
        order_by := coalesce(app.arg_text(p ->> 'order', 'order', 20), 'payee');
        IF order_by NOT IN ('payee', 'total') THEN
            PERFORM app.arg_refusal('field_choice_invalid', 'order');
        END IF;
        row_offset := coalesce(app.arg_int(p ->> 'offset', 'offset', 0, 1000000), 0);
        row_limit := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 200), 50);
        RETURN NEXT;
        RETURN;
    END IF;
    statement_id := app.arg_id(p ->> 'statement_id', 'statement_id');
    employee_id := app.arg_id(p ->> 'employee_id', 'employee_id');
    outlet_id := app.arg_id(p ->> 'outlet_id', 'outlet_id');
    IF statement_id IS NULL AND employee_id IS NULL AND outlet_id IS NULL THEN
        employee_id := app.my_employee_id();  -- the caller's own (我的提成)
    END IF;
    IF statement_id IS NULL AND (employee_id IS NULL) = (outlet_id IS NULL) THEN
        PERFORM app.arg_refusal('field_required', 'statement_id');
    END IF;
    IF statement_id IS NULL THEN
        IF NOT sees_all AND (outlet_id IS NOT NULL
                             OR employee_id IS DISTINCT FROM app.my_employee_id()) THEN
            PERFORM app.need('commission.view_all');
        END IF;
        IF employee_id IS NOT NULL AND NOT EXISTS (
                SELECT FROM app.employee e WHERE e.id = employee_id) THEN
            PERFORM app.arg_refusal('reference_missing', 'employee_id');
        END IF;
        IF outlet_id IS NOT NULL AND NOT EXISTS (
                SELECT FROM app.service_outlet o WHERE o.id = outlet_id) THEN
            PERFORM app.arg_refusal('reference_missing', 'outlet_id');
        END IF;
        post_wage := CASE WHEN employee_id IS NULL THEN 0 ELSE coalesce(
            (SELECT w.post_wage FROM app.employee_wage w
             WHERE w.employee_id = commission_read_args.employee_id), 0) END;
    END IF;
    RETURN NEXT;
END
$fn$;

-- One statement with its lines (the statement view, 我的提成), in one round trip.
--
--   p: {statement_id} | {month (any day of it; default the current open month),
--       employee_id | outlet_id (neither: the caller's own statement)}
--   -> {"statement": app.commission_statement_row (for a payee without a statement of
--       the month yet: a preview computed from the lines, "id": null, state 'draft'),
--       "lines": [{id, kind, origin, state, ticket_id, ticket_number, job_id, work_type,
--                  rule_kind, rule_id, rule_version, quantity, base, rate, grade_factor,
--                  share, hours, hours_kind, repair_hours, other_hours, basic_hours,
--                  rated_hours, amount, reason, reverses_line_id, reverses_period, item,
--                  created_at, created_by, decided_by}]}
-- Every line of the payee in the month, whatever its state (the sums count the active
-- ones), by kind (commission, hours pay, supervisor pay, reward, penalty, overdue,
-- rework, adjustment), then ticket number, then id. A margin line's base (the parts'
-- margin) is NULL unless the caller has costs.view.
--
-- For commission.view_own, view_all or settle (app.commission_read_args checks it, and
-- that who sees only their own asks for no other payee). SECURITY INVOKER: the statement
-- and the lines are read under the caller's row security.
CREATE OR REPLACE FUNCTION app.commission_statement_get(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (app.commission_read_args)
    req record := app.commission_read_args(p, 'statement');
    st app.commission_statement;
    sums record;
    head jsonb;
BEGIN
    IF req.statement_id IS NOT NULL THEN
        SELECT * INTO st FROM app.commission_statement s WHERE s.id = req.statement_id;
        IF NOT FOUND THEN
            PERFORM app.refuse('statement_unknown', req.statement_id::text);
        END IF;
    ELSIF req.employee_id IS NOT NULL THEN
        SELECT * INTO st FROM app.commission_statement s
        WHERE s.period = req.month AND s.employee_id = req.employee_id;
    ELSE
        SELECT * INTO st FROM app.commission_statement s
        WHERE s.period = req.month AND s.outlet_id = req.outlet_id;
    END IF;
    IF st.id IS NULL THEN
        -- no statement yet: what the lines add up to now
        SELECT * INTO sums FROM app.commission_line_sums(req.month, req.employee_id,
                                                         req.outlet_id);
        st.period := req.month;
        st.employee_id := req.employee_id;
        st.outlet_id := req.outlet_id;
        SELECT e.code, e.name, e.department_id INTO st.payee_code, st.payee_name,
               st.department_id
        FROM app.employee e WHERE e.id = req.employee_id;
        IF req.outlet_id IS NOT NULL THEN
            SELECT o.code, o.name INTO st.payee_code, st.payee_name
            FROM app.service_outlet o WHERE o.id = req.outlet_id;
        END IF;
        st.state := 'draft';
        st.post_wage := req.post_wage;
        st.commissions := sums.commissions;
        st.hours_pay := sums.hours_pay;
        st.rewards := sums.rewards;
        st.penalties := sums.penalties;
        st.deductions := sums.deductions;
        st.adjustments := sums.adjustments;
        st.line_count := sums.line_count;
        st.total := req.post_wage + sums.commissions + sums.hours_pay + sums.rewards
                    + sums.penalties + sums.deductions + sums.adjustments;
    END IF;
    head := app.commission_statement_row(st);
    RETURN jsonb_build_object('statement', head, 'lines', (
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', l.id, 'kind', l.kind, 'origin', l.origin, 'state', l.state,
                   'ticket_id', l.ticket_id, 'ticket_number', t.number, 'job_id', l.job_id,
                   'work_type_id', l.work_type_id, 'work_type', w.name,
                   'rule_kind', l.rule_kind, 'rule_id', l.rule_id,
                   'rule_version', l.rule_version, 'quantity', l.quantity,
                   'base', CASE WHEN l.rule_kind = 'margin_pct' AND NOT req.costs THEN NULL
                                ELSE l.base END,
                   'rate', l.rate, 'grade_factor', l.grade_factor, 'share', l.share,
                   'hours', l.hours, 'hours_kind', l.hours_kind,
                   'repair_hours', l.repair_hours, 'other_hours', l.other_hours,
                   'basic_hours', l.basic_hours, 'rated_hours', l.rated_hours,
                   'amount', l.amount, 'reason', l.reason,
                   'reverses_line_id', l.reverses_line_id, 'reverses_period', r.period,
                   'item', CASE WHEN i.id IS NOT NULL
                                THEN jsonb_build_object('id', i.id, 'code', i.code,
                                                        'name', i.name) END,
                   'survey_id', l.survey_id, 'complaint_id', l.complaint_id,
                   'created_at', l.created_at, 'created_by', l.created_by,
                   'decided_at', l.decided_at, 'decided_by', l.decided_by)
                   ORDER BY array_position(ARRAY['commission', 'hours_pay', 'supervisor_pay',
                                                 'reward', 'penalty', 'overdue', 'rework',
                                                 'adjustment'], l.kind),
                            t.number NULLS LAST, l.id), '[]')
        FROM app.commission_line l
        LEFT JOIN app.ticket t ON t.id = l.ticket_id
        LEFT JOIN app.work_type w ON w.id = l.work_type_id
        LEFT JOIN app.reward_penalty_item i ON i.id = l.item_id
        LEFT JOIN app.commission_line r ON r.id = l.reverses_line_id
        WHERE l.period = st.period
          AND (l.employee_id = st.employee_id OR l.outlet_id = st.outlet_id)));
END
$fn$;

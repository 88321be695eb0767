-- The month run for one payee (app.commission_month_run calls it for each payee of a
-- part): nothing when the payee's statement of the month is confirmed or settled; else
-- the payee's run lines (origin 'run') are brought to what their sources say now, and the
-- statement to what the payee's active lines add up to. Returns whether anything changed.
--
-- The run lines of an employee, each under its source key:
-- * 'run:hours:e:<employee>' (hours_pay): on the hours scheme, the hours pay of the
--   month's repair and other hours (app.commission_hours_figures); reason 'no_rule'
--   without an hours rule, 'probation' on probation (paid 0);
-- * 'run:sup:e:<employee>' (supervisor_pay): a supervisor, app.commission_supervisor_pay
--   over the department's members (active, on the hours scheme, not supervisors):
--   quantity = how many members' pays are averaged (those on probation are not),
--   base = their average pay, rate = the supervisor factor, repair_hours = the members'
--   assessed hours, rated_hours = their quota (the sum of their rated hours);
-- * 'run:item:<item>:survey:<survey>' and 'run:item:<item>:complaint:<complaint>'
--   (reward when the item's amount is > 0, penalty when < 0): the automatic items
--   (reward_penalty_item.auto) for the surveys recorded in the month about the employee
--   and not corrected by a later one (app.commission_auto_applies: survey_low when its
--   lowest score <= the item's threshold, survey_high when >= it) and the complaints
--   opened in the month against them (months in the shop's time zone).
-- A line whose inputs did not change is left as it is (same id, same version); an item's
-- line is never rewritten once made (its amount stays what the item said then: editing
-- an item changes no line); a run line whose source no longer qualifies is deleted. So a
-- second run of a draft month changes nothing at all.
CREATE OR REPLACE FUNCTION app.commission_payee_run(p_month date, p_employee bigint,
                                                    p_outlet bigint) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
    since timestamptz := p_month::timestamp AT TIME ZONE zone;
    until timestamptz := (p_month + interval '1 month')::timestamp AT TIME ZONE zone;
    st app.commission_statement;
    had app.commission_line;
    f record;
    mf record;
    want record;
    sums record;
    changed boolean := false;
    keys text[] := '{}';
    pays numeric[] := '{}';
    team_assessed numeric := 0;
    quota numeric := 0;
    sup_amount numeric := 0;
    code_ text;
    name_ text;
    department_ bigint;
    scheme_ text;
    wage numeric := 0;
BEGIN
    IF p_employee IS NOT NULL THEN
        SELECT * INTO st FROM app.commission_statement s
        WHERE s.period = p_month AND s.employee_id = p_employee FOR UPDATE;
    ELSE
        SELECT * INTO st FROM app.commission_statement s
        WHERE s.period = p_month AND s.outlet_id = p_outlet FOR UPDATE;
    END IF;
    IF st.id IS NOT NULL AND st.state <> 'draft' THEN
        RETURN false;
    END IF;

    IF p_employee IS NOT NULL THEN
        SELECT * INTO f FROM app.commission_hours_figures(p_month, p_employee);
        IF f.supervisor THEN
            FOR mf IN
                SELECT h.* FROM app.employee e
                JOIN app.employee_pay p ON p.employee_id = e.id
                CROSS JOIN LATERAL app.commission_hours_figures(p_month, e.id) h
                WHERE e.active AND e.department_id = f.department_id AND e.id <> p_employee
                  AND p.scheme = 'hours' AND NOT p.supervisor
                ORDER BY e.id
            LOOP
                team_assessed := team_assessed + mf.assessed;
                quota := quota + mf.rated_hours;
                IF NOT mf.probation THEN
                    pays := pays || mf.pay;
                END IF;
            END LOOP;
            IF f.rule_id IS NOT NULL THEN
                sup_amount := app.commission_supervisor_pay(
                    pays, team_assessed, quota, f.supervisor_factor, f.supervisor_threshold);
            END IF;
        END IF;

        FOR want IN
            SELECT 'run:hours:e:' || p_employee AS source_key, 'hours_pay' AS kind,
                   f.pay AS amount, NULL::bigint AS item_id, NULL::bigint AS survey_id,
                   NULL::bigint AS complaint_id, 'hours' AS rule_kind, f.rule_id,
                   f.rule_version, NULL::numeric AS quantity, NULL::numeric AS base,
                   NULL::numeric AS rate, f.repair_hours, f.other_hours, f.basic_hours,
                   f.rated_hours,
                   CASE WHEN f.rule_id IS NULL THEN 'no_rule'
                        WHEN f.probation THEN 'probation' ELSE '' END AS reason,
                   false AS frozen, NULL::bigint AS ticket_id, NULL::bigint AS job_id
            WHERE f.scheme = 'hours'
            UNION ALL
            SELECT 'run:sup:e:' || p_employee, 'supervisor_pay', sup_amount, NULL, NULL,
                   NULL, 'supervisor', f.rule_id, f.rule_version, cardinality(pays),
                   CASE WHEN cardinality(pays) > 0
                        THEN round((SELECT avg(x) FROM unnest(pays) x), 2) END,
                   f.supervisor_factor, team_assessed, NULL, NULL, quota,
                   CASE WHEN f.rule_id IS NULL THEN 'no_rule' ELSE '' END, false, NULL, NULL
            WHERE f.supervisor
            UNION ALL
            SELECT 'run:item:' || i.id || ':survey:' || s.id,
                   CASE WHEN i.amount > 0 THEN 'reward' ELSE 'penalty' END, i.amount, i.id,
                   s.id, NULL, 'item', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, '', true, s.ticket_id, s.job_id
            FROM app.reward_penalty_item i
            JOIN app.survey s ON s.technician_id = p_employee AND s.recorded_at >= since
                             AND s.recorded_at < until
            WHERE i.active AND i.amount <> 0
              AND app.commission_auto_applies(i.auto, i.threshold, s.lowest_score)
              AND NOT EXISTS (SELECT FROM app.survey c WHERE c.corrects_id = s.id)
            UNION ALL
            SELECT 'run:item:' || i.id || ':complaint:' || c.id,
                   CASE WHEN i.amount > 0 THEN 'reward' ELSE 'penalty' END, i.amount, i.id,
                   NULL, c.id, 'item', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, '', true, c.ticket_id, NULL
            FROM app.reward_penalty_item i
            JOIN app.complaint c ON c.technician_id = p_employee AND c.opened_at >= since
                                AND c.opened_at < until
            WHERE i.active AND i.amount <> 0 AND i.auto = 'complaint'
        LOOP
            keys := keys || want.source_key;
            SELECT * INTO had FROM app.commission_line l
            WHERE l.period = p_month AND l.source_key = want.source_key;
            IF had.id IS NULL THEN
                INSERT INTO app.commission_line (
                    period, employee_id, kind, origin, state, source_key, item_id, survey_id,
                    complaint_id, rule_kind, rule_id, rule_version, quantity, base, rate,
                    repair_hours, other_hours, basic_hours, rated_hours, amount, reason,
                    ticket_id, job_id)
                VALUES (p_month, p_employee, want.kind, 'run', 'active', want.source_key,
                        want.item_id, want.survey_id, want.complaint_id, want.rule_kind,
                        want.rule_id, want.rule_version, want.quantity, want.base, want.rate,
                        want.repair_hours, want.other_hours, want.basic_hours,
                        want.rated_hours, want.amount, want.reason, want.ticket_id,
                        want.job_id);
                changed := true;
            ELSIF NOT want.frozen AND (
                    had.amount, had.rule_id, had.rule_version, had.quantity, had.base,
                    had.rate, had.repair_hours, had.other_hours, had.basic_hours,
                    had.rated_hours, had.reason, had.state)
                  IS DISTINCT FROM (
                    want.amount, want.rule_id, want.rule_version, want.quantity, want.base,
                    want.rate, want.repair_hours, want.other_hours, want.basic_hours,
                    want.rated_hours, want.reason, 'active') THEN
                UPDATE app.commission_line l
                SET amount = want.amount, rule_id = want.rule_id,
                    rule_version = want.rule_version, quantity = want.quantity,
                    base = want.base, rate = want.rate, repair_hours = want.repair_hours,
                    other_hours = want.other_hours, basic_hours = want.basic_hours,
                    rated_hours = want.rated_hours, reason = want.reason, state = 'active'
                WHERE l.id = had.id;
                changed := true;
            END IF;
        END LOOP;
        DELETE FROM app.commission_line l
        WHERE l.period = p_month AND l.employee_id = p_employee AND l.origin = 'run'
          AND l.source_key <> ALL (keys);
        IF FOUND THEN
            changed := true;
        END IF;
        SELECT e.code, e.name, e.department_id INTO code_, name_, department_
        FROM app.employee e WHERE e.id = p_employee;
        scheme_ := f.scheme;
        wage := coalesce((SELECT w.post_wage FROM app.employee_wage w
                          WHERE w.employee_id = p_employee), 0);
    ELSE
        SELECT o.code, o.name INTO code_, name_ FROM app.service_outlet o WHERE o.id = p_outlet;
    END IF;

    SELECT * INTO sums FROM app.commission_line_sums(p_month, p_employee, p_outlet);
    IF st.id IS NULL THEN
        INSERT INTO app.commission_statement (
            period, employee_id, outlet_id, payee_code, payee_name, department_id, scheme,
            post_wage, commissions, hours_pay, rewards, penalties, deductions, adjustments,
            total, line_count, computed_at)
        VALUES (p_month, p_employee, p_outlet, code_, name_, department_, scheme_, wage,
                sums.commissions, sums.hours_pay, sums.rewards, sums.penalties,
                sums.deductions, sums.adjustments,
                wage + sums.commissions + sums.hours_pay + sums.rewards + sums.penalties
                + sums.deductions + sums.adjustments, sums.line_count, now());
        RETURN true;
    END IF;
    IF changed OR (st.payee_code, st.payee_name, st.department_id, st.scheme, st.post_wage,
                   st.commissions, st.hours_pay, st.rewards, st.penalties, st.deductions,
                   st.adjustments, st.line_count)
                  IS DISTINCT FROM (code_, name_, department_, scheme_, wage,
                   sums.commissions, sums.hours_pay, sums.rewards, sums.penalties,
                   sums.deductions, sums.adjustments, sums.line_count) THEN
        UPDATE app.commission_statement s
        SET payee_code = code_, payee_name = name_, department_id = department_,
            scheme = scheme_, post_wage = wage, commissions = sums.commissions,
            hours_pay = sums.hours_pay, rewards = sums.rewards, penalties = sums.penalties,
            deductions = sums.deductions, adjustments = sums.adjustments,
            total = wage + sums.commissions + sums.hours_pay + sums.rewards + sums.penalties
                    + sums.deductions + sums.adjustments,
            line_count = sums.line_count, computed_at = now()
        WHERE s.id = st.id;
        RETURN true;
    END IF;
    RETURN false;
END
$fn$;

-- An employee's hours figures of a month, as the hours scheme (工时方案) reads them:
-- their pay settings (app.employee_pay; none: the commission scheme, 0 hours, not on
-- probation, not a supervisor), the hours rule valid on the month's last day, the
-- repair and other hours their active lines of the month carry (维修工时, 其它工时; never
-- below 0: a job of a settled month reopened takes its hours back as an adjustment),
-- the assessed hours (当月考核工时, app.commission_assessed_hours: repair + other x the
-- rule's weight) and the hours pay (当月绩效工资, app.commission_hours_pay; 0 unless on
-- the hours scheme with a rule).
-- The month run uses it for the hours line of each payee on the hours scheme and, for a
-- supervisor, for each member of the department: the same figures either way.
CREATE OR REPLACE FUNCTION app.commission_hours_figures(p_month date, p_employee bigint)
RETURNS TABLE (scheme text, supervisor boolean, probation boolean, department_id bigint,
               repair_hours numeric, other_hours numeric, assessed numeric,
               basic_hours numeric, rated_hours numeric, pay numeric, rule_id bigint,
               rule_version integer, supervisor_factor numeric, supervisor_threshold numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT f.scheme, f.supervisor, f.probation, f.department_id, f.repair, f.other,
           f.assessed, f.basic, f.rated,
           CASE WHEN f.scheme = 'hours' AND f.rule_id IS NOT NULL
                THEN app.commission_hours_pay(f.assessed, f.basic, f.rated, f.probation,
                                              f.rate_above, f.rate_between)
                ELSE 0 END,
           f.rule_id, f.rule_version, f.supervisor_factor, f.supervisor_threshold
    FROM (
        SELECT coalesce(p.scheme, 'commission') AS scheme,
               coalesce(p.supervisor, false) AS supervisor,
               coalesce(p.probation, false) AS probation, e.department_id,
               h.repair, h.other,
               app.commission_assessed_hours(h.repair, h.other,
                                             coalesce(r.other_weight, 0)) AS assessed,
               coalesce(p.basic_hours, 0) AS basic, coalesce(p.rated_hours, 0) AS rated,
               r.id AS rule_id, r.version AS rule_version,
               r.rate_above_rated AS rate_above, r.rate_basic_to_rated AS rate_between,
               r.supervisor_factor, r.supervisor_threshold
        FROM app.employee e
        LEFT JOIN app.employee_pay p ON p.employee_id = e.id
        LEFT JOIN LATERAL (
            SELECT x.* FROM app.hours_rule x
            WHERE x.valid_from <= (p_month + interval '1 month' - interval '1 day')::date
              AND (x.valid_to IS NULL
                   OR x.valid_to >= (p_month + interval '1 month' - interval '1 day')::date)
            ORDER BY x.valid_from DESC LIMIT 1) r ON true
        CROSS JOIN LATERAL (
            SELECT greatest(coalesce(sum(l.hours) FILTER (WHERE l.hours_kind = 'repair'), 0),
                            0) AS repair,
                   greatest(coalesce(sum(l.hours) FILTER (WHERE l.hours_kind = 'other'), 0),
                            0) AS other
            FROM app.commission_line l
            WHERE l.period = p_month AND l.employee_id = e.id AND l.state = 'active'
              AND l.hours IS NOT NULL) h
        WHERE e.id = p_employee) f
$fn$;

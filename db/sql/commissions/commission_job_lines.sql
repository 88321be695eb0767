-- The lines a reviewed job makes (app.commission_job_reviewed, in the review's own
-- transaction), in the open month (app.commission_open_period of the shop's today),
-- frozen: the rule, its version, the base, the rate, the grade factor and the share as
-- they are now; editing a rule later changes none of them. Returns how many it made.
--
-- Payees: the job's outlet (外协: share 100, factor 1), else the job's shares
-- (app.job_share), else its technician with 100 %. A payee's grade factor is
-- app.commission_grade_factor of their grade (none: 1); their pay scheme is
-- app.employee_pay's (none: commission).
--
-- * commission: per work type done (app.job_work_type) x payee. The rule is the
--   app.commission_rule of the ticket's service mode and the work type valid on the shop
--   day the job was finished. Its amount is computed once for the work type
--   (app.commission_rule_amount, factor 1) and split by the shares
--   (app.commission_split: the same lines whatever order the shares were given in); each
--   payee's part is then multiplied by their grade factor (rounded to the fen). Base:
--   fixed -> the rule's amount per unit; labour_pct -> quantity x the work type's labour
--   fee; margin_pct -> the job's parts margin (app.commission_margin), on the job's
--   lowest work type with a margin_pct rule only (the others base 0: counted once). A
--   payee on the hours scheme or on none: amount 0, rule_kind 'hours' / 'none' (the
--   month pays them). No rule: amount 0, no rule, reason 'no_rule'. Every line carries
--   the hours it adds: quantity x the work type's standard hours x share / 100, of the
--   work type's hours kind.
-- * overdue: a job finished late (job.days_late) under the active overdue rule of the
--   ticket's service mode (else the one for every mode): app.commission_overdue split by
--   the shares; quantity = the days charged, base = the amount per day, the rule's
--   version when it has one.
-- * rework: a free rework ticket (rework_of, rework_free) charges back the commission of
--   the original ticket's last reviewed job: per payee of it, their net commission there
--   (app.commission_net) by the rework rule valid on the finished day
--   (app.commission_rework); reason = the original ticket's number.
-- * a ticket whose settlement was voided and not settled again: its new commission lines
--   are taken back at once (app.commission_refund), so a refund is never paid.
CREATE OR REPLACE FUNCTION app.commission_job_lines(p_job bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    t app.ticket;
    zone_ text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                            WHERE s.key = 'timezone'), 'Asia/Shanghai');
    day_ date;
    period_ date;
    shares_ jsonb;
    payees_ jsonb;
    margin_wt bigint;
    margin_ numeric := 0;
    o app.overdue_rule;
    rr app.rework_rule;
    total_ numeric;
    original_ bigint;
    original_number text;
    refund_ bigint;
    made_ integer := 0;
    n integer;
BEGIN
    SELECT * INTO j FROM app.job x WHERE x.id = p_job;
    SELECT * INTO t FROM app.ticket x WHERE x.id = j.ticket_id;
    day_ := (coalesce(j.finished_at, now()) AT TIME ZONE zone_)::date;
    period_ := app.commission_open_period(app.shop_today());

    -- the payees: {"employee_id" (the split's key: the outlet's id for an outlet), "share"}
    IF j.outlet_id IS NOT NULL THEN
        shares_ := jsonb_build_array(jsonb_build_object('employee_id', j.outlet_id,
                                                        'share', 100));
    ELSE
        SELECT jsonb_agg(jsonb_build_object('employee_id', s.employee_id, 'share', s.share)
                         ORDER BY s.employee_id)
        INTO shares_ FROM app.job_share s WHERE s.job_id = p_job;
        shares_ := coalesce(shares_, jsonb_build_array(jsonb_build_object(
            'employee_id', j.technician_id, 'share', 100)));
    END IF;
    SELECT jsonb_agg(jsonb_build_object(
               'key', (x ->> 'employee_id')::bigint,
               'employee_id', CASE WHEN j.outlet_id IS NULL THEN e.id END,
               'outlet_id', j.outlet_id,
               'suffix', CASE WHEN j.outlet_id IS NULL THEN ':e:' || e.id
                              ELSE ':o:' || j.outlet_id END,
               'share', (x ->> 'share')::numeric,
               'factor', CASE WHEN j.outlet_id IS NULL THEN coalesce(g.factor, 1) ELSE 1 END,
               'scheme', CASE WHEN j.outlet_id IS NULL THEN coalesce(ep.scheme, 'commission')
                              ELSE 'commission' END))
    INTO payees_
    FROM jsonb_array_elements(shares_) x
    LEFT JOIN app.employee e ON e.id = (x ->> 'employee_id')::bigint AND j.outlet_id IS NULL
    LEFT JOIN app.commission_grade_factor g ON g.grade = e.grade
    LEFT JOIN app.employee_pay ep ON ep.employee_id = e.id;

    -- the margin, counted once: on the lowest work type whose rule takes it
    SELECT min(jw.work_type_id) INTO margin_wt
    FROM app.job_work_type jw JOIN app.commission_rule r
        ON r.service_mode = t.service_mode AND r.work_type_id = jw.work_type_id
       AND r.valid_from <= day_ AND (r.valid_to IS NULL OR r.valid_to >= day_)
    WHERE jw.job_id = p_job AND r.kind = 'margin_pct';
    IF margin_wt IS NOT NULL THEN
        margin_ := app.commission_margin(p_job);
    END IF;

    WITH work AS (
        SELECT jw.work_type_id, jw.quantity, w.labour_fee, w.standard_hours, w.hours_kind,
               r.id AS rule_id, r.version AS rule_version, r.kind AS rule_kind,
               r.amount AS rule_amount, r.rate
        FROM app.job_work_type jw JOIN app.work_type w ON w.id = jw.work_type_id
        LEFT JOIN app.commission_rule r
            ON r.service_mode = t.service_mode AND r.work_type_id = jw.work_type_id
           AND r.valid_from <= day_ AND (r.valid_to IS NULL OR r.valid_to >= day_)
        WHERE jw.job_id = p_job),
    based AS (
        SELECT w.*, CASE w.rule_kind
                        WHEN 'fixed' THEN w.rule_amount
                        WHEN 'labour_pct' THEN round(w.quantity * w.labour_fee, 2)
                        WHEN 'margin_pct' THEN CASE WHEN w.work_type_id = margin_wt
                                                    THEN margin_ ELSE 0 END END AS base
        FROM work w),
    priced AS (
        SELECT b.*, CASE WHEN b.rule_id IS NULL THEN 0
                         ELSE app.commission_rule_amount(b.rule_kind, b.rule_amount, b.rate,
                                                         b.base, b.quantity, 1) END AS total
        FROM based b)
    INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin, source_key,
        job_id, ticket_id, work_type_id, rule_kind, rule_id, rule_version, quantity, base,
        rate, grade_factor, share, hours, hours_kind, amount, reason)
    SELECT period_, p.employee_id, p.outlet_id, 'commission', 'review',
           'job:' || p_job || ':wt:' || pr.work_type_id || p.suffix,
           p_job, j.ticket_id, pr.work_type_id,
           CASE WHEN p.scheme = 'commission' THEN pr.rule_kind ELSE p.scheme END,
           CASE WHEN p.scheme = 'commission' THEN pr.rule_id END,
           CASE WHEN p.scheme = 'commission' THEN pr.rule_version END,
           pr.quantity,
           CASE WHEN p.scheme = 'commission' THEN pr.base END,
           CASE WHEN p.scheme = 'commission' THEN pr.rate END,
           p.factor, p.share,
           round(pr.quantity * pr.standard_hours * p.share / 100, 2), pr.hours_kind,
           CASE WHEN p.scheme = 'commission' THEN round(s.amount * p.factor, 2) ELSE 0 END,
           CASE WHEN p.scheme = 'commission' AND pr.rule_id IS NULL THEN 'no_rule' ELSE '' END
    FROM priced pr
    CROSS JOIN LATERAL app.commission_split(pr.total, shares_) s
    JOIN jsonb_to_recordset(payees_) AS p(key bigint, employee_id bigint, outlet_id bigint,
                                          suffix text, share numeric, factor numeric,
                                          scheme text) ON p.key = s.employee_id
    ORDER BY pr.work_type_id, p.key;
    GET DIAGNOSTICS n = ROW_COUNT;
    made_ := made_ + n;

    -- finished late: the overdue rule of the ticket's mode, else the one for every mode
    IF j.days_late > 0 THEN
        SELECT * INTO o FROM app.overdue_rule r
        WHERE r.active AND (r.service_mode = t.service_mode OR r.service_mode IS NULL)
        ORDER BY r.service_mode IS NULL, r.id LIMIT 1;
        IF FOUND THEN
            total_ := app.commission_overdue(j.days_late, o.grace_days, o.amount_per_day);
        END IF;
        IF total_ <> 0 THEN
            INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin,
                source_key, job_id, ticket_id, rule_kind, rule_id, rule_version, quantity,
                base, share, amount)
            SELECT period_, p.employee_id, p.outlet_id, 'overdue', 'review',
                   'job:' || p_job || ':overdue' || p.suffix, p_job, j.ticket_id, 'overdue',
                   o.id, (to_jsonb(o) ->> 'version')::integer,
                   greatest(j.days_late - o.grace_days, 0), o.amount_per_day,
                   p.share, s.amount
            FROM app.commission_split(total_, shares_) s
            JOIN jsonb_to_recordset(payees_) AS p(key bigint, employee_id bigint,
                                                  outlet_id bigint, suffix text,
                                                  share numeric) ON p.key = s.employee_id
            WHERE s.amount <> 0
            ORDER BY p.key;
            GET DIAGNOSTICS n = ROW_COUNT;
            made_ := made_ + n;
        END IF;
    END IF;

    -- a free rework: the original ticket's last reviewed job's commission charged back
    IF t.rework_of IS NOT NULL AND t.rework_free THEN
        SELECT x.id INTO original_ FROM app.job x
        WHERE x.ticket_id = t.rework_of AND x.state = 'reviewed'
        ORDER BY x.reviewed_at DESC, x.id DESC LIMIT 1;
        SELECT * INTO rr FROM app.rework_rule r
        WHERE r.valid_from <= day_ AND (r.valid_to IS NULL OR r.valid_to >= day_)
        ORDER BY r.valid_from DESC LIMIT 1;
        SELECT x.number INTO original_number FROM app.ticket x WHERE x.id = t.rework_of;
        IF original_ IS NOT NULL AND rr.id IS NOT NULL THEN
            INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin,
                source_key, job_id, ticket_id, rule_kind, rule_id, rule_version, base, rate,
                amount, reason)
            SELECT period_, c.employee_id, c.outlet_id, 'rework', 'review',
                   'job:' || p_job || ':rework' || CASE WHEN c.employee_id IS NOT NULL
                                                        THEN ':e:' || c.employee_id
                                                        ELSE ':o:' || c.outlet_id END,
                   p_job, j.ticket_id, rr.kind, rr.id, rr.version, c.net,
                   rr.rate, c.charged, coalesce(original_number, '')
            FROM (SELECT l.employee_id, l.outlet_id, greatest(l.net, 0) AS net,
                         app.commission_rework(rr.kind, rr.amount, rr.rate,
                                               greatest(l.net, 0)) AS charged
                  FROM (SELECT x.employee_id, x.outlet_id,
                               sum(app.commission_net(x.id)) AS net
                        FROM app.commission_line x
                        WHERE x.job_id = original_ AND x.kind = 'commission'
                          AND x.origin = 'review' AND x.state = 'active'
                        GROUP BY x.employee_id, x.outlet_id) l) c
            WHERE c.charged <> 0
            ORDER BY c.employee_id, c.outlet_id;
            GET DIAGNOSTICS n = ROW_COUNT;
            made_ := made_ + n;
        END IF;
    END IF;

    -- refunded and not settled again: the new lines are taken back at once
    IF NOT EXISTS (SELECT FROM app.settlement s WHERE s.ticket_id = t.id AND s.kind = 'sale'
                   AND s.voided_at IS NULL) THEN
        SELECT max(s.id) INTO refund_ FROM app.settlement s
        WHERE s.ticket_id = t.id AND s.kind = 'reversal';
        IF refund_ IS NOT NULL THEN
            made_ := made_ + app.commission_refund(t.id, refund_);
        END IF;
    END IF;
    RETURN made_;
END
$fn$;

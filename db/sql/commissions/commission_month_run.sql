-- 计算本月: one part of the month run (the client calls parts 0 .. parts - 1 in turn and
-- shows the progress; each part is its own transaction).
--
--   p: {month ("YYYY-MM-DD", any day of the month), part (0.., default 0)}
--   -> {month, part, parts, payees (in this part), total_payees, changed (payees whose
--       lines or statement changed)}
--
-- Needs commission.settle. The month may not be after the current month (the shop's
-- today) nor settled; its period row is made when missing. The payees
-- (app.commission_month_payees) are taken in parts of 25, each through
-- app.commission_payee_run: a payee whose statement is confirmed or settled is left as
-- it is. Part 0 first removes the draft statements (and their run lines) of whoever is
-- no longer a payee of the month. The last part notes the run on the period (run_at,
-- run_by). The period row is locked first, as confirming and settling do, so that two
-- runs of a month (or a run and the settling) take turns.
CREATE OR REPLACE FUNCTION app.commission_month_run(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    part_size constant integer := 25;
    month_ date;
    part_ integer;
    period_ record;
    total_ integer;
    parts_ integer;
    employees bigint[];
    outlets bigint[];
    done integer := 0;
    changed_ integer := 0;
BEGIN
    PERFORM app.need('commission.settle');
    month_ := date_trunc('month', app.arg_date(p ->> 'month', 'month'))::date;
    part_ := coalesce(app.arg_int(p ->> 'part', 'part', 0, 100000), 0);
    IF month_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'month');
    END IF;
    IF month_ > date_trunc('month', app.shop_today())::date THEN
        PERFORM app.refuse('commission_month_future', to_char(month_, 'YYYY-MM'));
    END IF;
    INSERT INTO app.commission_period (month) VALUES (month_) ON CONFLICT DO NOTHING;
    SELECT * INTO period_ FROM app.commission_period c WHERE c.month = month_ FOR UPDATE;
    IF period_.state = 'settled' THEN
        PERFORM app.refuse('commission_month_settled', to_char(month_, 'YYYY-MM'));
    END IF;

    -- the payees in order: employees[i] or outlets[i] (the other NULL)
    SELECT count(*), coalesce(array_agg(y.employee_id ORDER BY y.n), '{}'),
           coalesce(array_agg(y.outlet_id ORDER BY y.n), '{}')
    INTO total_, employees, outlets FROM app.commission_month_payees(month_) y;
    parts_ := greatest(1, (total_ + part_size - 1) / part_size);
    IF part_ >= parts_ THEN
        PERFORM app.arg_refusal('field_out_of_range', 'part',
                                jsonb_build_object('min', 0, 'max', parts_ - 1));
    END IF;

    IF part_ = 0 THEN
        WITH gone AS (
            DELETE FROM app.commission_statement s
            WHERE s.period = month_ AND s.state = 'draft'
              AND coalesce(s.employee_id <> ALL (array_remove(employees, NULL)),
                           s.outlet_id <> ALL (array_remove(outlets, NULL)))
            RETURNING s.id)
        SELECT count(*) INTO changed_ FROM gone;
        DELETE FROM app.commission_line l
        WHERE l.period = month_ AND l.origin = 'run'
          AND l.employee_id <> ALL (array_remove(employees, NULL));
    END IF;

    FOR i IN part_ * part_size + 1 .. least(total_, (part_ + 1) * part_size) LOOP
        done := done + 1;
        IF app.commission_payee_run(month_, employees[i], outlets[i]) THEN
            changed_ := changed_ + 1;
        END IF;
    END LOOP;

    IF part_ = parts_ - 1 THEN
        UPDATE app.commission_period c SET run_at = now(), run_by = session_user
        WHERE c.month = month_;
    END IF;
    RETURN jsonb_build_object('month', month_, 'part', part_, 'parts', parts_,
                              'payees', done, 'total_payees', total_, 'changed', changed_);
END
$fn$;

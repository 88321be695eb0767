-- A reviewed job reopened (its review undone, app.job_unreview): its lines made at review
-- that are not taken back yet. A line whose month is not settled (nor any month of the
-- adjustments that refer to it) is deleted, with those adjustments; a line of a settled
-- month stays as it was paid and gets an adjustment (origin late, reason 'job_reopened')
-- of minus what it pays now (app.commission_net) and minus its hours, referring to it, in
-- the open month. A later review makes new lines. Returns how many lines it deleted or
-- made.
CREATE OR REPLACE FUNCTION app.commission_job_reopened(p_job bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    l app.commission_line;
    period_ date;
    done_ integer := 0;
BEGIN
    FOR l IN
        SELECT x.* FROM app.commission_line x
        WHERE x.job_id = p_job AND x.origin = 'review' AND x.state = 'active'
          AND NOT EXISTS (SELECT FROM app.commission_line a WHERE a.reverses_line_id = x.id
                          AND a.reason = 'job_reopened')
        ORDER BY x.id
    LOOP
        IF NOT EXISTS (
                SELECT FROM app.commission_period p
                WHERE p.state = 'settled'
                  AND p.month IN (SELECT l.period
                                  UNION ALL
                                  SELECT a.period FROM app.commission_line a
                                  WHERE a.reverses_line_id = l.id
                                  UNION ALL
                                  SELECT s.period FROM app.commission_line a
                                  JOIN app.commission_line s ON s.reverses_line_id = a.id
                                  WHERE a.reverses_line_id = l.id)) THEN
            DELETE FROM app.commission_line s
            WHERE s.reverses_line_id IN (SELECT a.id FROM app.commission_line a
                                         WHERE a.reverses_line_id = l.id);
            DELETE FROM app.commission_line a WHERE a.reverses_line_id = l.id;
            DELETE FROM app.commission_line x WHERE x.id = l.id;
        ELSE
            period_ := coalesce(period_, app.commission_open_period(app.shop_today()));
            INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin,
                source_key, job_id, ticket_id, work_type_id, quantity, share, hours,
                hours_kind, amount, reverses_line_id, reason)
            VALUES (period_, l.employee_id, l.outlet_id, 'adjustment', 'late',
                    'late:reopen:' || l.id, l.job_id, l.ticket_id, l.work_type_id,
                    l.quantity, l.share, -l.hours, l.hours_kind, -app.commission_net(l.id),
                    l.id, 'job_reopened');
        END IF;
        done_ := done_ + 1;
    END LOOP;
    RETURN done_;
END
$fn$;

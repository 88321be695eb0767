-- How many hours a complaint has been open at p_now, to one decimal: from its opening to
-- its resolution (or p_now), less the time it waited for the customer (p_paused_seconds,
-- and the pause still running since p_paused_since). The same rule as
-- domain/complaints.py hours_open (tests/db/test_rules_agree.py runs both).
CREATE OR REPLACE FUNCTION app.complaint_hours_open(p_opened_at timestamptz,
                                                    p_resolved_at timestamptz,
                                                    p_paused_since timestamptz,
                                                    p_paused_seconds integer,
                                                    p_now timestamptz) RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT round(greatest(
        extract(epoch FROM coalesce(p_resolved_at, p_now) - p_opened_at)
        - coalesce(p_paused_seconds, 0)
        - CASE WHEN p_paused_since IS NOT NULL AND p_resolved_at IS NULL
               THEN greatest(extract(epoch FROM p_now - p_paused_since), 0) ELSE 0 END,
        0) / 3600, 1)
$fn$;

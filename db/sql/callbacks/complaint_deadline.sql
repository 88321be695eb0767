-- When a complaint of p_severity opened (or reopened) at p_from is due: the shop's hours
-- for the severity (setting complaint_deadline_hours, {"low": 72, "normal": 48, "high":
-- 24, "critical": 8}); an escalation (p_severity NULL) gives complaint_escalation_hours.
-- A setting that is missing or not a number of hours from 1 to a year reads as 48 / 24.
CREATE OR REPLACE FUNCTION app.complaint_deadline(p_severity text, p_from timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    value_ jsonb := CASE WHEN p_severity IS NULL
                         THEN app.setting('complaint_escalation_hours')
                         ELSE app.setting('complaint_deadline_hours') -> p_severity END;
    hours_ numeric := CASE WHEN p_severity IS NULL THEN 24 ELSE 48 END;
BEGIN
    IF jsonb_typeof(value_) = 'number' AND value_::text::numeric BETWEEN 1 AND 8760 THEN
        hours_ := value_::text::numeric;
    END IF;
    RETURN p_from + make_interval(secs => hours_ * 3600);
END
$fn$;

-- Who reads callback tasks and surveys: callback staff (callback.record), complaint
-- handlers (complaint.handle) and report readers (reports.view); anyone else is refused
-- as missing callback.record.
CREATE OR REPLACE FUNCTION app.callback_read_need() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_complaint_handle', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_reports_view', 'MEMBER')) THEN
        PERFORM app.need('callback.record');
    END IF;
END
$fn$;

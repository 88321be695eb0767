-- The capability check of the complaint functions: complaint.handle, or any one of
-- p_others (callback staff record and read them, the counter opens them, report readers
-- read them); otherwise refused as lacking complaint.handle (42501, HINT aftersales:denied).
CREATE OR REPLACE FUNCTION app.complaint_need(p_others text[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (SELECT FROM unnest(p_others) o(capability)
                   WHERE pg_has_role(session_user,
                                     'as_cap_' || replace(o.capability, '.', '_'), 'MEMBER'))
    THEN
        PERFORM app.need('complaint.handle');
    END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION app.need(p_capability text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT pg_has_role(session_user, 'as_cap_' || replace(p_capability, '.', '_'),
                       'MEMBER') THEN
        RAISE EXCEPTION 'permission denied: %', p_capability
            USING ERRCODE = '42501', HINT = 'aftersales:denied', DETAIL = p_capability;
    END IF;
END
$fn$;

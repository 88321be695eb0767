CREATE OR REPLACE FUNCTION app.session_end(p_workstation text, p_application text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
            INSERT INTO audit.login_event (operator, event, workstation, application)
            SELECT session_user, 'logout', left(coalesce(p_workstation, ''), 100),
                   left(coalesce(p_application, ''), 100)
            WHERE EXISTS (SELECT FROM app.operator WHERE code = session_user);
        $fn$;

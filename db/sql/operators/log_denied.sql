CREATE OR REPLACE FUNCTION app.log_denied(p_action text, p_workstation text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
            INSERT INTO audit.login_event (operator, event, workstation, application, detail)
            SELECT session_user, 'denied', left(coalesce(p_workstation, ''), 100),
                   left(coalesce(current_setting('application_name', true), ''), 100),
                   left(coalesce(p_action, ''), 200)
            WHERE EXISTS (SELECT FROM app.operator WHERE code = session_user);
        $fn$;

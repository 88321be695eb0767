-- Logging in: checks the operator, records the login and the failed attempts the server
-- logged before it, and returns who this is, what they may do and the shop's time zone.
CREATE OR REPLACE FUNCTION app.session_start(p_workstation text, p_application text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            me app.operator;
            zone text;
        BEGIN
            SELECT * INTO me FROM app.operator WHERE code = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'not an operator: %', session_user
                    USING ERRCODE = 'P0001', HINT = 'aftersales:not_an_operator';
            END IF;
            IF NOT me.active THEN
                RAISE EXCEPTION 'operator disabled: %', session_user
                    USING ERRCODE = 'P0001', HINT = 'aftersales:operator_disabled';
            END IF;
            INSERT INTO audit.login_event (operator, event, workstation, application)
            VALUES (session_user, 'login', left(coalesce(p_workstation, ''), 100),
                    left(coalesce(p_application, ''), 100));
            -- the failures before this login join the login history
            PERFORM app.record_failed_logins();
            zone := coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai');
            RETURN jsonb_build_object(
                'code', me.code,
                'name', me.name,
                -- the shop's zone: every time the client shows is in it, and its offset
                -- now for a PC without a tz database
                'timezone', zone,
                'utc_offset_s', extract(epoch FROM (now() AT TIME ZONE zone)
                                                  - (now() AT TIME ZONE 'UTC'))::integer,
                'revision', (SELECT version_num FROM public.alembic_version LIMIT 1),
                'server_time', clock_timestamp(),
                'ssl', coalesce((SELECT s.ssl FROM pg_catalog.pg_stat_ssl s
                                 WHERE s.pid = pg_catalog.pg_backend_pid()), false),
                'capabilities', coalesce((
                    SELECT jsonb_agg(c.code ORDER BY c.sort_order)
                    FROM app.capability c
                    WHERE pg_catalog.pg_has_role(session_user, c.role_name, 'MEMBER')), '[]'::jsonb)
            );
        END
        $fn$;

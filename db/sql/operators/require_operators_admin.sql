CREATE OR REPLACE FUNCTION app.require_operators_admin() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
            IF NOT (pg_catalog.pg_has_role(session_user, 'as_cap_operators_admin', 'MEMBER')
                    OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user))
            THEN
                RAISE EXCEPTION 'permission denied: operators.admin'
                    USING ERRCODE = '42501', HINT = 'aftersales:capability:operators.admin';
            END IF;
        END
        $fn$;

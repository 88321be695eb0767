-- Name, template and active flag of an operator, at the version the screen loaded.
-- Messages repeat at most 30 characters of the code (revision 0014).
CREATE OR REPLACE FUNCTION app.operator_update(p_code text, p_name text, p_template text,
                                               p_active boolean, p_version integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            new_version integer;
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_code = session_user AND NOT p_active THEN
                RAISE EXCEPTION 'you cannot disable yourself'
                    USING ERRCODE = '22023', HINT = 'aftersales:disable_self';
            END IF;
            UPDATE app.operator
               SET name = p_name, template = p_template, active = p_active,
                   updated_at = now(), version = version + 1
             WHERE code = p_code AND (p_version IS NULL OR version = p_version)
            RETURNING version INTO new_version;
            IF NOT FOUND THEN
                IF EXISTS (SELECT FROM app.operator WHERE code = p_code) THEN
                    RAISE EXCEPTION 'operator % changed meanwhile', left(p_code, 30)
                        USING ERRCODE = '40001', HINT = 'aftersales:stale';
                END IF;
                RAISE EXCEPTION 'no operator %', left(p_code, 30)
                    USING ERRCODE = '02000', HINT = 'aftersales:no_operator';
            END IF;
            PERFORM app.operator_sync(p_code);
            RETURN new_version;
        END
        $fn$;

CREATE OR REPLACE FUNCTION app.operator_set_capability(p_code text, p_capability text,
                                                       p_granted boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_code = session_user AND p_capability = 'operators.admin'
               AND p_granted IS DISTINCT FROM true THEN
                RAISE EXCEPTION 'you cannot remove your own operators.admin'
                    USING ERRCODE = '22023', HINT = 'aftersales:demote_self';
            END IF;
            IF p_granted IS NULL THEN
                DELETE FROM app.operator_capability
                 WHERE operator = p_code AND capability = p_capability;
            ELSE
                INSERT INTO app.operator_capability (operator, capability, granted)
                VALUES (p_code, p_capability, p_granted)
                ON CONFLICT (operator, capability) DO UPDATE SET granted = EXCLUDED.granted;
            END IF;
            UPDATE app.operator SET updated_at = now(), version = version + 1
             WHERE code = p_code;
            PERFORM app.operator_sync(p_code);
        END
        $fn$;

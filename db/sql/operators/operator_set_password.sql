-- An operator's new password, as a SCRAM verifier: the operator's own, or anyone's with
-- operators.admin. Messages repeat at most 30 characters of the code (revision 0014).
CREATE OR REPLACE FUNCTION app.operator_set_password(p_code text, p_password_hash text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
            IF p_code IS DISTINCT FROM session_user THEN
                PERFORM app.require_operators_admin();
            END IF;
            IF p_password_hash IS NULL OR p_password_hash !~ '^SCRAM-SHA-256\$' THEN
                RAISE EXCEPTION 'the password must arrive as a SCRAM verifier'
                    USING ERRCODE = '22023', HINT = 'aftersales:password_not_hashed';
            END IF;
            IF NOT EXISTS (SELECT FROM app.operator WHERE code = p_code) THEN
                RAISE EXCEPTION 'no operator %', left(p_code, 30)
                    USING ERRCODE = '02000', HINT = 'aftersales:no_operator';
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_code, p_password_hash);
            UPDATE app.operator SET password_changed_at = now() WHERE code = p_code;
        END
        $fn$;

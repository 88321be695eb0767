-- Grant (true) or take away (false) one capability on top of the operator's template, or
-- follow the template again (NULL). The operator and the capability must exist: they are
-- checked first, so a long or unknown name is refused as such (0002 let it reach the
-- index, which cannot hold a key of a megabyte).
CREATE OR REPLACE FUNCTION app.operator_set_capability(p_code text, p_capability text,
                                                       p_granted boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.require_operators_admin();
    IF NOT EXISTS (SELECT FROM app.operator WHERE code = p_code) THEN
        RAISE EXCEPTION 'no operator %', left(p_code, 30)
            USING ERRCODE = '02000', HINT = 'aftersales:no_operator',
                  DETAIL = left(coalesce(p_code, ''), 30);
    END IF;
    IF NOT EXISTS (SELECT FROM app.capability WHERE code = p_capability) THEN
        RAISE EXCEPTION 'unknown capability %', left(p_capability, 50)
            USING ERRCODE = '22023', HINT = 'aftersales:capability_unknown',
                  DETAIL = left(coalesce(p_capability, ''), 50);
    END IF;
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
    UPDATE app.operator SET updated_at = now() WHERE code = p_code;
    PERFORM app.operator_sync(p_code);
END
$fn$;

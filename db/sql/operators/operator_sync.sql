-- Brings an operator's role memberships and LOGIN in line with template, additions and
-- removals. A disabled operator loses every capability and as_operator (revision 0004).
CREATE OR REPLACE FUNCTION app.operator_sync(p_code text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            me app.operator;
            r record;
        BEGIN
            SELECT * INTO STRICT me FROM app.operator WHERE code = p_code;
            FOR r IN
                SELECT c.code, c.role_name, me.active AND coalesce(o.granted, t.capability IS NOT NULL) AS wanted,
                       pg_catalog.pg_has_role(p_code, c.role_name, 'MEMBER') AS has
                FROM app.capability c
                LEFT JOIN app.template_capability t
                       ON t.capability = c.code AND t.template = me.template
                LEFT JOIN app.operator_capability o
                       ON o.capability = c.code AND o.operator = me.code
            LOOP
                IF r.wanted AND NOT r.has THEN
                    EXECUTE format('GRANT %I TO %I', r.role_name, p_code);
                ELSIF r.has AND NOT r.wanted THEN
                    EXECUTE format('REVOKE %I FROM %I', r.role_name, p_code);
                END IF;
            END LOOP;
            IF me.active AND NOT pg_catalog.pg_has_role(p_code, 'as_operator', 'MEMBER') THEN
                EXECUTE format('GRANT as_operator TO %I', p_code);
            ELSIF NOT me.active AND pg_catalog.pg_has_role(p_code, 'as_operator', 'MEMBER') THEN
                EXECUTE format('REVOKE as_operator FROM %I', p_code);
            END IF;
            EXECUTE format('ALTER ROLE %I %s', p_code,
                           CASE WHEN me.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
        END
        $fn$;

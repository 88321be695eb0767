CREATE OR REPLACE FUNCTION app.operator_create(p_code text, p_name text,
                                               p_password_hash text, p_template text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_password_hash IS NULL OR p_password_hash !~ '^SCRAM-SHA-256\$' THEN
                RAISE EXCEPTION 'the password must arrive as a SCRAM verifier'
                    USING ERRCODE = '22023', HINT = 'aftersales:password_not_hashed';
            END IF;
            IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = p_code) THEN
                RAISE EXCEPTION 'role % exists', p_code
                    USING ERRCODE = '42710', HINT = 'aftersales:operator_exists';
            END IF;
            INSERT INTO app.operator (code, name, template, password_changed_at)
            VALUES (p_code, p_name, p_template, now());
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE as_operator',
                           p_code, p_password_hash);
            PERFORM app.operator_sync(p_code);
        END
        $fn$;

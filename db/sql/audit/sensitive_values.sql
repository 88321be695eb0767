CREATE OR REPLACE FUNCTION audit.sensitive_values(p_change_id bigint)
RETURNS TABLE (old_values jsonb, new_values jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
            SELECT s.old_values, s.new_values
            FROM audit.sensitive_value s
            JOIN app.capability c ON c.code = s.capability
            WHERE s.change_id = p_change_id
              AND pg_catalog.pg_has_role(session_user, 'as_cap_log_view', 'MEMBER')
              AND pg_catalog.pg_has_role(session_user, c.role_name, 'MEMBER');
        $fn$;

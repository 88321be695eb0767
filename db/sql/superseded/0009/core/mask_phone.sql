CREATE OR REPLACE FUNCTION app.mask_phone(p_phone text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN pg_has_role(session_user, 'as_cap_contacts_view', 'MEMBER') THEN p_phone
                WHEN length(p_phone) > 7 THEN left(p_phone, 3)
                     || repeat('*', length(p_phone) - 7) || right(p_phone, 4)
                ELSE repeat('*', greatest(length(p_phone) - 2, 0)) || right(p_phone, 2) END
$fn$;

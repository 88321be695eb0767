-- A phone number as this operator may see it: whole with contacts.view, else masked
-- (app.phone_masked).
CREATE OR REPLACE FUNCTION app.mask_phone(p_phone text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN pg_has_role(session_user, 'as_cap_contacts_view', 'MEMBER') THEN p_phone
                ELSE app.phone_masked(p_phone) END
$fn$;

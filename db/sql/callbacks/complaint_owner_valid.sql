-- Whether p_owner may own complaints: an active operator holding complaint.handle.
-- (pg_has_role is asked only of an operator that exists: it raises for an unknown role.)
CREATE OR REPLACE FUNCTION app.complaint_owner_valid(p_owner text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_owner IS NULL OR NOT EXISTS (SELECT FROM app.operator o
                                      WHERE o.code = p_owner AND o.active)
       OR NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = p_owner) THEN
        RETURN false;
    END IF;
    RETURN pg_has_role(p_owner, 'as_cap_complaint_handle', 'MEMBER');
END
$fn$;

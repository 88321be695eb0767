-- Whether the caller reads every payee's commission lines (and statements), not only
-- their own (revision 0022's row security): whoever sees all commissions or settles
-- the months. SECURITY DEFINER: the answer depends on the caller's capabilities
-- (session_user, which SET ROLE does not change), not on what they may read.
CREATE OR REPLACE FUNCTION app.sees_all_commissions() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_has_role(session_user, 'as_cap_commission_view_all', 'MEMBER')
        OR pg_has_role(session_user, 'as_cap_commission_settle', 'MEMBER')
$fn$;

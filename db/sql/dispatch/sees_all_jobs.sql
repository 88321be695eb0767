-- Whether the caller reads every job, not only their own (revision 0018's row
-- security): the dispatchers, the reviewers, callback staff, whoever sees all
-- commissions or the reports. SECURITY DEFINER: the answer depends on the caller's
-- capabilities (session_user, which SET ROLE does not change), not on what they read.
CREATE OR REPLACE FUNCTION app.sees_all_jobs() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_has_role(session_user, 'as_cap_dispatch_assign', 'MEMBER')
        OR pg_has_role(session_user, 'as_cap_review_approve', 'MEMBER')
        OR pg_has_role(session_user, 'as_cap_callback_record', 'MEMBER')
        OR pg_has_role(session_user, 'as_cap_commission_view_all', 'MEMBER')
        OR pg_has_role(session_user, 'as_cap_reports_view', 'MEMBER')
$fn$;

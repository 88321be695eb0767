-- Who may propose a reward or penalty by hand and read the proposals: commission.settle,
-- commission.view_all or review.approve (else refused as missing commission.settle).
CREATE OR REPLACE FUNCTION app.commission_adjust_need() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_commission_settle', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_commission_view_all', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_review_approve', 'MEMBER')) THEN
        PERFORM app.need('commission.settle');
    END IF;
END
$fn$;

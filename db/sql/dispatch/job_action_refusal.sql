-- The code refusing p_action (start, report, finish, photo, review, unreview) on a job in
-- p_state, or NULL when it may be done: a reviewed job refuses every change (job_reviewed)
-- until its review is undone; otherwise an action takes only its states (job_state). The
-- same rule as domain/dispatch.py job_action_refusal (tests/db/test_rules_agree.py runs
-- both on every pair).
CREATE OR REPLACE FUNCTION app.job_action_refusal(p_action text, p_state text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_state = 'reviewed' AND p_action NOT IN ('review', 'unreview')
            THEN 'job_reviewed'
        WHEN CASE p_action
                 WHEN 'start' THEN p_state IN ('assigned')
                 WHEN 'report' THEN p_state IN ('assigned', 'started', 'finished')
                 WHEN 'finish' THEN p_state IN ('assigned', 'started')
                 WHEN 'photo' THEN p_state IN ('assigned', 'started', 'finished')
                 WHEN 'review' THEN p_state IN ('finished')
                 WHEN 'unreview' THEN p_state IN ('reviewed')
                 ELSE false END IS NOT TRUE
            THEN 'job_state'
    END
$fn$;

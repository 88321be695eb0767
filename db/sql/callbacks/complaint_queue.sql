-- The complaint queue (revision 0021; complaint.handle, callback.record or reports.view).
-- Escalates what is due first (app.complaint_escalate_due), then lists one view:
-- p: {"view": 'open' (default: open, in progress, waiting) | 'mine' (open, the caller
--     owns) | 'escalated' (open, escalated at least once) | 'overdue' (open, its clock
--     running and past its deadline: escalated to the top already) | 'resolved' |
--     'closed' | 'all', "severity"?, "technician_id"?, "search"? (complaint or ticket
--     number, customer name, phone digits), "offset", "limit" (at most 500, default 100)}
-- Open views list the most escalated first, then by deadline; resolved ones by their
-- resolution, newest first; closed and all by opening, newest first. Answer: {"total"
-- (in the view, with the filters), "counts": {open, mine, escalated, overdue, resolved}
-- (with the filters), "rows": app.complaint_rows}.
CREATE OR REPLACE FUNCTION app.complaint_queue(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    view_ text;
    severity_ text;
    technician_ bigint;
    search_ text;
    pattern_ text;
    digits_ text;
    offset_ integer;
    limit_ integer;
    counts_ jsonb;
    total_ bigint;
    ids_ bigint[];
BEGIN
    PERFORM app.complaint_need('{callback.record,reports.view}');
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'view');
    END IF;
    view_ := coalesce(app.arg_text(p ->> 'view', 'view', 20), 'open');
    IF view_ NOT IN ('open', 'mine', 'escalated', 'overdue', 'resolved', 'closed', 'all') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'view');
    END IF;
    severity_ := nullif(app.arg_text(p ->> 'severity', 'severity', 20), '');
    IF severity_ NOT IN ('low', 'normal', 'high', 'critical') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'severity');
    END IF;
    technician_ := app.arg_id(p ->> 'technician_id', 'technician_id');
    search_ := app.arg_text(p ->> 'search', 'search', 100);
    IF app.is_blank(search_) THEN
        search_ := NULL;
    END IF;
    offset_ := coalesce(app.arg_int(p ->> 'offset', 'offset', 0, 1000000), 0);
    limit_ := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 500), 100);
    pattern_ := '%' || replace(replace(replace(search_, '\', '\\'), '%', '\%'), '_', '\_')
                || '%';
    digits_ := nullif(regexp_replace(coalesce(search_, ''), '[^0-9]', '', 'g'), '');

    PERFORM app.complaint_escalate_due();

    WITH found AS MATERIALIZED (
        SELECT c.id, c.state, c.owner, c.escalation_level, c.deadline_at, c.resolved_at,
               c.opened_at
        FROM app.complaint c
        WHERE (severity_ IS NULL OR c.severity = severity_)
          AND (technician_ IS NULL OR c.technician_id = technician_)
          AND (search_ IS NULL
               OR c.number ILIKE pattern_
               OR EXISTS (SELECT FROM app.customer cu
                          WHERE cu.id = c.customer_id AND cu.name ILIKE pattern_)
               OR EXISTS (SELECT FROM app.ticket t
                          WHERE t.id = c.ticket_id AND t.number ILIKE pattern_)
               OR (length(digits_) >= 4 AND EXISTS (
                       SELECT FROM app.customer_phone ph
                       WHERE ph.customer_id = c.customer_id
                         AND regexp_replace(ph.phone, '[^0-9]', '', 'g')
                             LIKE '%' || digits_ || '%')))
    ), shown AS (
        SELECT f.* FROM found f
        WHERE CASE view_
            WHEN 'open' THEN f.state IN ('open', 'in_progress', 'waiting_customer')
            WHEN 'mine' THEN f.state IN ('open', 'in_progress', 'waiting_customer')
                             AND f.owner = session_user
            WHEN 'escalated' THEN f.state IN ('open', 'in_progress', 'waiting_customer')
                                  AND f.escalation_level > 0
            WHEN 'overdue' THEN f.state IN ('open', 'in_progress') AND f.deadline_at < now()
            WHEN 'resolved' THEN f.state = 'resolved'
            WHEN 'closed' THEN f.state = 'closed'
            ELSE true END
    )
    SELECT (SELECT jsonb_build_object(
                'open', count(*) FILTER (WHERE f.state IN ('open', 'in_progress',
                                                           'waiting_customer')),
                'mine', count(*) FILTER (WHERE f.state IN ('open', 'in_progress',
                                                           'waiting_customer')
                                           AND f.owner = session_user),
                'escalated', count(*) FILTER (WHERE f.state IN ('open', 'in_progress',
                                                                'waiting_customer')
                                                AND f.escalation_level > 0),
                'overdue', count(*) FILTER (WHERE f.state IN ('open', 'in_progress')
                                              AND f.deadline_at < now()),
                'resolved', count(*) FILTER (WHERE f.state = 'resolved'))
            FROM found f),
           (SELECT count(*) FROM shown),
           ARRAY(SELECT s.id FROM shown s
                 ORDER BY
                     CASE WHEN view_ IN ('open', 'mine', 'escalated', 'overdue')
                          THEN s.escalation_level END DESC NULLS LAST,
                     CASE WHEN view_ IN ('open', 'mine', 'escalated', 'overdue')
                          THEN s.deadline_at END,
                     CASE WHEN view_ = 'resolved' THEN s.resolved_at END DESC NULLS LAST,
                     s.opened_at DESC, s.id DESC
                 OFFSET offset_ LIMIT limit_)
    INTO counts_, total_, ids_;

    RETURN jsonb_build_object('total', total_, 'counts', counts_,
                              'rows', app.complaint_rows(ids_));
END
$fn$;

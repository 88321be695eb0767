-- The rewards and penalties proposed by hand (奖惩登记's list), one round trip:
-- p = {"state" ('proposed' (waiting for approval, the default) | 'decided' | 'all'),
-- "offset", "limit" (at most 200)}, read and checked by app.commission_pending_args.
-- Waiting ones oldest first, decided ones latest decision first. Answers {"rows":
-- [{"line_id", "period", "payee": {"kind" ('employee' | 'outlet'), "id", "name"},
-- "item": {"id", "name"} | null, "amount", "reason", "ticket_id", "ticket_number",
-- "created_at", "created_by", "state", "decided_at", "decided_by", "note"}], "total"}.
-- SECURITY INVOKER: the lines are read under the caller's row security (whoever sees
-- all commissions reads every proposal; a reviewer their own proposals and lines).
CREATE OR REPLACE FUNCTION app.commission_pending(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    req record := app.commission_pending_args(p);
    total_ bigint;
    rows_ jsonb;
BEGIN
    SELECT count(*) INTO total_ FROM app.commission_line l
    WHERE l.origin = 'manual' AND l.state = ANY (req.states);
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'line_id', x.id, 'period', x.period,
               'payee', jsonb_build_object(
                   'kind', CASE WHEN x.employee_id IS NOT NULL THEN 'employee'
                                ELSE 'outlet' END,
                   'id', coalesce(x.employee_id, x.outlet_id),
                   'name', coalesce(e.name, o.name)),
               'item', CASE WHEN x.item_id IS NOT NULL THEN jsonb_build_object(
                                'id', x.item_id, 'name', i.name) END,
               'amount', x.amount, 'reason', x.reason, 'ticket_id', x.ticket_id,
               'ticket_number', t.number, 'created_at', x.created_at,
               'created_by', x.created_by, 'state', x.state, 'decided_at', x.decided_at,
               'decided_by', x.decided_by, 'note', x.decision_note) ORDER BY x.n), '[]')
    INTO rows_
    FROM (SELECT l.*, row_number() OVER (
                     ORDER BY (l.state = 'proposed') DESC,
                              CASE WHEN l.state = 'proposed' THEN l.created_at END,
                              l.decided_at DESC, l.id) AS n
          FROM app.commission_line l
          WHERE l.origin = 'manual' AND l.state = ANY (req.states)
          ORDER BY n OFFSET req.row_offset LIMIT req.row_limit) x
    LEFT JOIN app.employee e ON e.id = x.employee_id
    LEFT JOIN app.service_outlet o ON o.id = x.outlet_id
    LEFT JOIN app.reward_penalty_item i ON i.id = x.item_id
    LEFT JOIN app.ticket t ON t.id = x.ticket_id;
    RETURN jsonb_build_object('rows', rows_, 'total', total_);
END
$fn$;

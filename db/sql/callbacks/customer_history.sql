-- A customer's history in one round trip (revision 0021): tickets, parts pre-orders,
-- callback tasks (with their current survey's scores), complaints and inquiries, newest
-- first. {"customer_id", "kinds"?: ["ticket", "preorder", "callback", "complaint",
-- "inquiry"] (default all), "offset" (0..10000), "limit" (1..500, default 100)} ->
-- {"customer": {id, code, name}, "counts": {kind: n, every kind whatever "kinds" says},
-- "total" (of the kinds asked for), "rows": [{"kind", "id", "at", "number", "summary",
-- "state", "detail", "ticket_id", ...}]}. Each kind gives at most offset + limit of its
-- newest rows (by its own customer index), which are then merged, so a long history
-- costs no more than its page. Any operator who works with customers (the counter, the
-- customer master data, callback staff, complaint handlers, reports) may read it.
CREATE OR REPLACE FUNCTION app.customer_history(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    customer_ bigint;
    cust app.customer;
    kinds_ text[];
    offset_ integer;
    limit_ integer;
    take integer;
    counts jsonb := '{}';
    rows_ jsonb := '[]';
    n bigint;
    part jsonb;
BEGIN
    IF NOT EXISTS (SELECT FROM unnest(ARRAY['as_cap_intake_create', 'as_cap_intake_edit',
                       'as_cap_masterdata_edit', 'as_cap_contacts_view',
                       'as_cap_callback_record', 'as_cap_complaint_handle',
                       'as_cap_reports_view']) r
                   WHERE pg_has_role(session_user, r, 'MEMBER')) THEN
        PERFORM app.need('intake.create');
    END IF;
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.refuse('customer_missing', 'customer');
    END IF;
    customer_ := app.arg_id(p ->> 'customer_id', 'customer');
    offset_ := coalesce(app.arg_int(p ->> 'offset', 'offset', 0, 10000), 0);
    limit_ := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 500), 100);
    IF p ? 'kinds' AND jsonb_typeof(p -> 'kinds') = 'array' THEN
        IF jsonb_array_length(p -> 'kinds') > 5 OR EXISTS (
                SELECT FROM jsonb_array_elements(p -> 'kinds') k
                WHERE jsonb_typeof(k) <> 'string' OR k #>> '{}' NOT IN (
                    'ticket', 'preorder', 'callback', 'complaint', 'inquiry')) THEN
            PERFORM app.arg_refusal('field_choice_invalid', 'kinds');
        END IF;
        kinds_ := ARRAY(SELECT jsonb_array_elements_text(p -> 'kinds'));
    ELSIF p ? 'kinds' AND jsonb_typeof(p -> 'kinds') <> 'null' THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'kinds');
    ELSE
        kinds_ := ARRAY['ticket', 'preorder', 'callback', 'complaint', 'inquiry'];
    END IF;
    SELECT * INTO cust FROM app.customer WHERE id = customer_;
    IF NOT FOUND THEN
        PERFORM app.refuse('customer_missing', 'customer');
    END IF;
    take := offset_ + limit_;

    SELECT count(*) INTO n FROM app.ticket WHERE customer_id = customer_;
    counts := counts || jsonb_build_object('ticket', n);
    IF 'ticket' = ANY (kinds_) THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'ticket', 'id', t.id, 'at', t.received_at, 'number', t.number,
                   'summary', t.fault, 'state', t.status,
                   'detail', concat_ws(' ', nullif(t.product, ''), nullif(t.brand, ''),
                                       nullif(t.model, '')),
                   'ticket_id', t.id)), '[]')
        INTO part
        FROM (SELECT * FROM app.ticket WHERE customer_id = customer_
              ORDER BY received_at DESC, id DESC LIMIT take) t;
        rows_ := rows_ || part;
    END IF;

    SELECT count(*) INTO n FROM app.part_preorder WHERE customer_id = customer_;
    counts := counts || jsonb_build_object('preorder', n);
    IF 'preorder' = ANY (kinds_) THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'preorder', 'id', o.id, 'at', o.ordered_at, 'number', o.number,
                   'summary', o.part_name, 'state', o.state,
                   'detail', o.quantity::text, 'expected_on', o.expected_on,
                   'ticket_id', o.ticket_id)), '[]')
        INTO part
        FROM (SELECT * FROM app.part_preorder WHERE customer_id = customer_
              ORDER BY ordered_at DESC, id DESC LIMIT take) o;
        rows_ := rows_ || part;
    END IF;

    SELECT count(*) INTO n FROM app.callback_task WHERE customer_id = customer_;
    counts := counts || jsonb_build_object('callback', n);
    IF 'callback' = ANY (kinds_) THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'callback', 'id', c.id, 'at', c.at,
                   'number', coalesce(t.number, c.dealer), 'summary', c.kind,
                   'state', c.state, 'round', c.round, 'due_on', c.due_on,
                   'detail', coalesce(nullif(c.product, ''), concat_ws(' ',
                       nullif(t.product, ''), nullif(t.brand, ''), nullif(t.model, ''))),
                   'ticket_id', c.ticket_id, 'survey_id', s.id,
                   'lowest_score', s.lowest_score,
                   'scores', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'code', q.code, 'label', q.label, 'score', a.score)
                                 ORDER BY q.sort_order, q.id)
                             FROM app.survey_answer a
                             JOIN app.survey_question q ON q.id = a.question_id
                             WHERE a.survey_id = s.id AND a.score IS NOT NULL), '[]'))),
                   '[]')
        INTO part
        FROM (SELECT k.*, coalesce(k.closed_at, k.last_attempt_at, k.created_at) AS at
              FROM app.callback_task k WHERE k.customer_id = customer_
              ORDER BY coalesce(k.closed_at, k.last_attempt_at, k.created_at) DESC,
                       k.id DESC LIMIT take) c
        LEFT JOIN app.ticket t ON t.id = c.ticket_id
        LEFT JOIN LATERAL (SELECT v.id, v.lowest_score FROM app.survey v
                           WHERE v.task_id = c.id AND NOT EXISTS (
                               SELECT FROM app.survey w WHERE w.corrects_id = v.id)
                           ORDER BY v.id DESC LIMIT 1) s ON true;
        rows_ := rows_ || part;
    END IF;

    SELECT count(*) INTO n FROM app.complaint WHERE customer_id = customer_;
    counts := counts || jsonb_build_object('complaint', n);
    IF 'complaint' = ANY (kinds_) THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'complaint', 'id', c.id, 'at', c.opened_at, 'number', c.number,
                   'summary', c.summary, 'state', c.state, 'detail', c.severity,
                   'severity', c.severity, 'ticket_id', c.ticket_id)), '[]')
        INTO part
        FROM (SELECT * FROM app.complaint WHERE customer_id = customer_
              ORDER BY opened_at DESC, id DESC LIMIT take) c;
        rows_ := rows_ || part;
    END IF;

    SELECT count(*) INTO n FROM app.inquiry WHERE customer_id = customer_;
    counts := counts || jsonb_build_object('inquiry', n);
    IF 'inquiry' = ANY (kinds_) THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'kind', 'inquiry', 'id', i.id, 'at', i.at,
                   'number', coalesce(t.number, o.number, ''), 'summary', i.question,
                   'state', CASE WHEN i.ticket_id IS NOT NULL THEN 'ticket'
                                 WHEN i.preorder_id IS NOT NULL THEN 'preorder'
                                 ELSE 'open' END,
                   'detail', i.answer, 'topic', i.topic, 'channel', i.channel,
                   'product', i.product, 'answered_by', i.answered_by,
                   'ticket_id', i.ticket_id, 'preorder_id', i.preorder_id)), '[]')
        INTO part
        FROM (SELECT * FROM app.inquiry WHERE customer_id = customer_
              ORDER BY at DESC, id DESC LIMIT take) i
        LEFT JOIN app.ticket t ON t.id = i.ticket_id
        LEFT JOIN app.part_preorder o ON o.id = i.preorder_id;
        rows_ := rows_ || part;
    END IF;

    RETURN jsonb_build_object(
        'customer', jsonb_build_object('id', cust.id, 'code', cust.code, 'name', cust.name),
        'counts', counts,
        'total', (SELECT coalesce(sum(value::bigint), 0) FROM jsonb_each_text(counts)
                  WHERE key = ANY (kinds_)),
        'rows', (SELECT coalesce(jsonb_agg(r ORDER BY (r ->> 'at')::timestamptz DESC,
                                           r ->> 'kind', (r ->> 'id')::bigint DESC), '[]')
                 FROM (SELECT r FROM jsonb_array_elements(rows_) r
                       ORDER BY (r ->> 'at')::timestamptz DESC, r ->> 'kind',
                                (r ->> 'id')::bigint DESC
                       OFFSET offset_ LIMIT limit_) page));
END
$fn$;

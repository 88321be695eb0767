-- The callback list (回访任务), one round trip: p = {"view", "service_mode", "region_id"
-- (that region and every region below it), "technician_id", "kind", "search" (a ticket
-- number, a customer's name, phone digits), "offset", "limit" (at most 500)}, each read
-- by the app.arg_* readers. Views: due (open, due today or before, not waiting for a
-- requested call-back: requested call-backs first, then the overdue by due day, then
-- today's), overdue, today, upcoming (due later, or waiting for a call-back), open,
-- closed and all (latest due day first). Answers {"today", "total" (closed and all: at
-- most 10,000, "total_capped" then true), "counts" (due, overdue, today, call_back,
-- upcoming: open tasks under the same filters), "rows" (app.callback_rows)}.
-- First it expires the open tasks whose window has passed (state expired, no attempt):
-- VOLATILE and SECURITY DEFINER (nobody writes tasks directly); cheap on the partial
-- index of open tasks by expires_on. callback.record, complaint.handle or reports.view.
CREATE OR REPLACE FUNCTION app.callback_due(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    view_ text;
    mode_ text;
    kind_ text;
    region_ bigint;
    regions_ bigint[];
    technician_ bigint;
    search_ text;
    pattern_ text;
    digits_ text;
    offset_ integer;
    limit_ integer;
    today_ date := app.shop_today();
    now_ timestamptz := now();
    counts_ jsonb;
    total_ bigint;
    ids_ bigint[];
    filter_ text;
    due_ text;
    customers_ bigint[];
    ticket_ bigint;
BEGIN
    PERFORM app.callback_read_need();
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'view');
    END IF;
    view_ := coalesce(app.arg_text(p ->> 'view', 'view', 20), 'due');
    IF view_ NOT IN ('due', 'overdue', 'today', 'upcoming', 'open', 'closed', 'all') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'view');
    END IF;
    mode_ := nullif(app.arg_text(p ->> 'service_mode', 'service_mode', 30), '');
    IF mode_ IS NOT NULL AND NOT EXISTS (SELECT FROM app.service_mode m
                                         WHERE m.code = mode_) THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'service_mode');
    END IF;
    kind_ := nullif(app.arg_text(p ->> 'kind', 'kind', 20), '');
    IF kind_ IS NOT NULL AND kind_ NOT IN ('service', 'installation', 'usage') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'kind');
    END IF;
    region_ := app.arg_id(p ->> 'region_id', 'region_id');
    IF region_ IS NOT NULL THEN
        WITH RECURSIVE below AS (
            SELECT r.id, 0 AS depth FROM app.region r WHERE r.id = region_
            UNION ALL
            SELECT c.id, below.depth + 1 FROM app.region c JOIN below ON c.parent_id = below.id
            WHERE below.depth < 10)
        SELECT array_agg(below.id) INTO regions_ FROM below;
        IF regions_ IS NULL THEN
            PERFORM app.arg_refusal('reference_missing', 'region_id');
        END IF;
    END IF;
    technician_ := app.arg_id(p ->> 'technician_id', 'technician_id');
    search_ := lower(nullif(app.arg_text(p ->> 'search', 'search', 100), ''));
    IF search_ IS NOT NULL THEN
        pattern_ := '%' || replace(replace(replace(search_, '!', '!!'), '%', '!%'), '_', '!_')
                    || '%';
        digits_ := nullif(regexp_replace(search_, '[^0-9]', '', 'g'), '');
        IF length(digits_) < 3 THEN
            digits_ := NULL;
        END IF;
    END IF;
    offset_ := coalesce(app.arg_int(p ->> 'offset', 'offset', 0, 1000000), 0);
    limit_ := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 500), 200);

    -- the window has passed: nobody calls these any more
    UPDATE app.callback_task SET state = 'expired', closed_at = now_, closed_by = NULL
    WHERE state IN ('pending', 'in_progress') AND expires_on < today_;

    -- the filters as SQL of their own (EXECUTE), so that each request is planned with
    -- the indexes its filters can use: the open tasks' partial indexes, a customer's or a
    -- technician's tasks, the closed tasks by due day
    filter_ := concat_ws(' AND ', 'true',
        CASE WHEN mode_ IS NOT NULL THEN 'k.service_mode = $1' END,
        CASE WHEN kind_ IS NOT NULL THEN 'k.kind = $2' END,
        CASE WHEN regions_ IS NOT NULL THEN 'k.region_id = ANY ($3)' END,
        CASE WHEN technician_ IS NOT NULL THEN 'k.technician_id = $4' END,
        CASE WHEN search_ IS NOT NULL
             THEN '(k.customer_id = ANY ($5) OR k.ticket_id = $6)' END);
    IF search_ IS NOT NULL THEN
        -- the customers named so (through the names' bigram index, as the customer
        -- lookup finds them; a single character names too many to be a search) or with
        -- those phone digits: a part of a number only for contacts.view, otherwise the
        -- whole number or its last four digits, as app.customer_lookup allows (a masked
        -- phone must not be found digit by digit); the ticket of that number
        customers_ := ARRAY(
            SELECT c.id FROM app.customer c
            WHERE length(search_) >= 2
              AND app.text_bigrams(c.name) @> app.text_bigrams(search_)
              AND c.name ILIKE pattern_ ESCAPE '!'
            UNION
            SELECT cp.customer_id FROM app.customer_phone cp
            WHERE digits_ IS NOT NULL
              AND replace(cp.phone, '-', '') LIKE '%' || digits_ || '%'
              AND (pg_has_role(session_user, 'as_cap_contacts_view', 'MEMBER')
                   OR replace(cp.phone, '-', '') = digits_
                   OR (length(digits_) <= 4 AND right(replace(cp.phone, '-', ''),
                                                      length(digits_)) = digits_)));
        SELECT t.id INTO ticket_ FROM app.ticket t WHERE t.number = upper(search_);
    END IF;
    -- $7 today, $8 now: due = due today or before and not waiting for a call-back
    due_ := '(k.due_on <= $7 AND (k.call_back_at IS NULL OR k.call_back_at <= $8))';

    -- the counts: the open tasks under the filters
    EXECUTE format($q$
        SELECT jsonb_build_object(
            'due', count(*) FILTER (WHERE %2$s),
            'overdue', count(*) FILTER (WHERE %2$s AND k.due_on < $7),
            'today', count(*) FILTER (WHERE %2$s AND k.due_on = $7),
            'call_back', count(*) FILTER (WHERE k.due_on <= $7 AND k.call_back_at <= $8),
            'upcoming', count(*) FILTER (WHERE NOT %2$s))
        FROM app.callback_task k
        WHERE k.state IN ('pending', 'in_progress') AND %1$s$q$, filter_, due_)
    INTO counts_ USING mode_, kind_, regions_, technician_, customers_, ticket_, today_, now_;

    IF view_ IN ('closed', 'all') THEN
        -- a million closed tasks: counted up to 10,001, the latest due first (the index)
        filter_ := filter_ || CASE WHEN view_ = 'closed'
                                   THEN ' AND k.state NOT IN (''pending'', ''in_progress'')'
                                   ELSE '' END;
        EXECUTE format('SELECT count(*) FROM (SELECT FROM app.callback_task k WHERE %s '
                       'LIMIT 10001) x', filter_)
        INTO total_ USING mode_, kind_, regions_, technician_, customers_, ticket_, today_, now_;
        EXECUTE format('SELECT array_agg(x.id ORDER BY x.n) FROM (SELECT k.id, row_number() '
                       'OVER (ORDER BY k.due_on DESC, k.id DESC) AS n FROM (SELECT k.id, '
                       'k.due_on FROM app.callback_task k WHERE %s ORDER BY k.due_on DESC, '
                       'k.id DESC OFFSET $9 LIMIT $10) k) x', filter_)
        INTO ids_ USING mode_, kind_, regions_, technician_, customers_, ticket_, today_, now_,
                        offset_, limit_;
    ELSE
        filter_ := filter_ || ' AND k.state IN (''pending'', ''in_progress'') AND '
                   || CASE view_ WHEN 'due' THEN due_
                                 WHEN 'overdue' THEN due_ || ' AND k.due_on < $7'
                                 WHEN 'today' THEN due_ || ' AND k.due_on = $7'
                                 WHEN 'upcoming' THEN 'NOT ' || due_
                                 ELSE 'true' END;
        EXECUTE format('SELECT count(*) FROM app.callback_task k WHERE %s', filter_)
        INTO total_ USING mode_, kind_, regions_, technician_, customers_, ticket_, today_, now_;
        -- requested call-backs first (by their time), then by due day
        EXECUTE format('SELECT array_agg(x.id ORDER BY x.n) FROM (SELECT k.id, row_number() '
                       'OVER (ORDER BY k.call_back_at IS NULL, k.call_back_at, k.due_on, k.id) '
                       'AS n FROM (SELECT k.id, k.call_back_at, k.due_on FROM app.callback_task k '
                       'WHERE %s ORDER BY k.call_back_at IS NULL, k.call_back_at, k.due_on, k.id '
                       'OFFSET $9 LIMIT $10) k) x', filter_)
        INTO ids_ USING mode_, kind_, regions_, technician_, customers_, ticket_, today_, now_,
                        offset_, limit_;
    END IF;
    RETURN jsonb_build_object('today', today_, 'total', least(total_, 10000), 'total_capped', total_ > 10000, 'counts', counts_,
                              'rows', app.callback_rows(coalesce(ids_, '{}')));
END
$fn$;

-- Save the requisition of one ticket: p = {"ticket_id", "operation_id", "version"?,
-- "lines": [{"id"?, "version"?, "kind"? ('issue' | 'return' | 'removed'), "item_id",
-- "warehouse_id", "quantity", "fitted_serial"?, "removed_serial"?,
-- "removed_to_warehouse_id"?, "return_of"?}], "deleted": [{"id", "version"?}],
-- "complete"?: true when "lines" are all the lines the ticket keeps (the editor sends
-- what it shows: a line not among them is deleted)}. All in one transaction, one call:
--
-- * each line's stock moves are the difference between what it moved before and after
--   the save (app.requisition_moves), one ledger row per item and warehouse through
--   app.stock_apply (source 'requisition'); too little stock refuses the whole save with
--   the item, the warehouse and both numbers, so nothing is saved;
-- * a return (退料) goes against an issue line of the same item (the newest one with
--   enough still out, unless "return_of" names one) at its price, never more than is out;
-- * serials move with their lines (app.stock_serial_move): the fitted part from its
--   warehouse onto the ticket, the faulty part from the ticket to a scrap or
--   merchant-returns warehouse, a returned serial back to its warehouse; a deleted line
--   moves them back. A saved line's kind and serials do not change (delete it and add a
--   new one, in the same save);
-- * a settled ticket's requisition is frozen (refused); the ticket row is shared-locked
--   so a settlement waits for this save or this save for the settlement;
-- * adding lines needs requisition.create or requisition.edit; changing or deleting a
--   line needs requisition.edit, or requisition.create for one's own line made on the
--   shop's today (docs/permissions.md);
-- * the same operation id sent again changes nothing and returns the requisition.
-- Returns app.requisition_lines(ticket) with "repeated".
CREATE OR REPLACE FUNCTION app.requisition_save(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    may_edit constant boolean := pg_has_role(session_user, 'as_cap_requisition_edit',
                                             'MEMBER');
    may_add constant boolean := may_edit OR pg_has_role(
        session_user, 'as_cap_requisition_create', 'MEMBER');
    ticket_ bigint;
    operation_ uuid;
    t app.ticket;
    r app.requisition;
    given jsonb;
    n integer := 0;
    id_ bigint;
    version_ integer;
    kind_ text;
    item_ bigint;
    warehouse_ bigint;
    quantity_ numeric;
    fitted_ text;
    removed_ text;
    removed_to_ bigint;
    return_of_ bigint;
    old_ app.requisition_line;
    new_ app.requisition_line;
    issue_ app.requisition_line;
    out_ numeric;
    price_ numeric;
    payer_ text;
    kept bigint[] := '{}';
    doomed bigint[] := '{}';
    moves_ jsonb := '[]';
BEGIN
    IF NOT may_add THEN
        PERFORM app.need('requisition.create');
    END IF;
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'lines');
    END IF;
    IF jsonb_typeof(coalesce(p -> 'lines', '[]')) <> 'array' THEN
        PERFORM app.arg_refusal('field_malformed', 'lines');
    END IF;
    IF jsonb_typeof(coalesce(p -> 'deleted', '[]')) <> 'array' THEN
        PERFORM app.arg_refusal('field_malformed', 'deleted');
    END IF;
    IF jsonb_array_length(coalesce(p -> 'lines', '[]')) > 500 THEN
        PERFORM app.arg_refusal('field_too_long', 'lines', '{"max": 500}');
    END IF;
    ticket_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2000000000);
    SELECT * INTO t FROM app.ticket WHERE id = ticket_ FOR SHARE;
    IF NOT FOUND THEN
        PERFORM app.refuse('ticket_missing', ticket_::text);
    END IF;
    INSERT INTO app.requisition (ticket_id) VALUES (ticket_) ON CONFLICT DO NOTHING;
    SELECT * INTO r FROM app.requisition WHERE ticket_id = ticket_ FOR UPDATE;
    IF operation_ IS NOT NULL THEN
        INSERT INTO app.requisition_operation (operation_id, ticket_id)
        VALUES (operation_, ticket_) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN app.requisition_lines(ticket_) || '{"repeated": true}';
        END IF;
    END IF;
    IF t.settled THEN
        PERFORM app.refuse('requisition_frozen', t.number);
    END IF;
    IF version_ IS NOT NULL AND version_ <> r.version THEN
        PERFORM app.refuse('document_stale', r.updated_by || '|' || r.updated_at::text);
    END IF;
    payer_ := app.billed_to_default(t.warranty_class, t.rework_free);

    -- the lines that go: those named in "deleted", and (complete) those not sent back
    FOR given IN SELECT * FROM jsonb_array_elements(coalesce(p -> 'lines', '[]')) LOOP
        IF jsonb_typeof(given) <> 'object' THEN
            PERFORM app.arg_refusal('field_malformed', 'lines');
        END IF;
        id_ := app.arg_id(given ->> 'id', 'id');
        IF id_ IS NOT NULL THEN
            kept := kept || id_;
        END IF;
    END LOOP;
    FOR given IN SELECT * FROM jsonb_array_elements(coalesce(p -> 'deleted', '[]')) LOOP
        id_ := app.arg_id(given ->> 'id', 'id');
        version_ := app.arg_int(given ->> 'version', 'version', 1, 2000000000);
        SELECT * INTO old_ FROM app.requisition_line
        WHERE id = id_ AND ticket_id = ticket_ AND state = 'active' FOR UPDATE;
        IF NOT FOUND THEN
            PERFORM app.refuse('requisition_line_missing', '{}');
        END IF;
        IF version_ IS NOT NULL AND version_ <> old_.version THEN
            PERFORM app.refuse('document_stale',
                               old_.updated_by || '|' || old_.updated_at::text);
        END IF;
        doomed := doomed || id_;
    END LOOP;
    IF app.arg_bool(p ->> 'complete', 'complete') IS TRUE THEN
        doomed := doomed || ARRAY(SELECT l.id FROM app.requisition_line l
                                  WHERE l.ticket_id = ticket_ AND l.state = 'active'
                                    AND l.id <> ALL (kept) AND l.id <> ALL (doomed));
    END IF;
    -- returns before the issues they go against
    FOR old_ IN SELECT * FROM app.requisition_line WHERE id = ANY (doomed)
                ORDER BY (kind = 'return') DESC, id FOR UPDATE LOOP
        IF NOT may_edit AND NOT (old_.created_by = session_user
                                 AND old_.created_at >= app.shop_midnight()) THEN
            PERFORM app.need('requisition.edit');
        END IF;
        new_ := old_;
        new_.state := 'deleted';
        IF EXISTS (SELECT 1 FROM app.requisition_line x WHERE x.return_of = old_.id
                   AND x.state = 'active' AND x.id <> ALL (doomed)) THEN
            PERFORM app.refuse('requisition_has_returns', jsonb_build_object(
                'code', (SELECT i.code FROM app.item i WHERE i.id = old_.item_id))::text);
        END IF;
        UPDATE app.requisition_line SET state = 'deleted', updated_at = now(),
            updated_by = session_user WHERE id = old_.id;
        -- serials go back where they came from
        IF old_.fitted_serial IS NOT NULL AND old_.kind = 'issue' THEN
            PERFORM app.stock_serial_move(old_.item_id, old_.fitted_serial, NULL, ticket_,
                                          old_.warehouse_id, NULL);
        ELSIF old_.fitted_serial IS NOT NULL AND old_.kind = 'return' THEN
            PERFORM app.stock_serial_move(old_.item_id, old_.fitted_serial,
                                          old_.warehouse_id, NULL, NULL, ticket_);
        END IF;
        IF old_.removed_serial IS NOT NULL THEN
            PERFORM app.stock_serial_move(old_.item_id, old_.removed_serial,
                                          old_.removed_to_warehouse_id, NULL, NULL, ticket_);
        END IF;
        moves_ := moves_ || (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'item_id', d.item_id, 'warehouse_id', d.warehouse_id, 'quantity', d.q,
                'cost_line', d.cost_line, 'zero_cost', d.zero_cost, 'line', NULL,
                'requisition_line_id', old_.id)), '[]')
            FROM (SELECT (m ->> 'item_id')::bigint AS item_id,
                         (m ->> 'warehouse_id')::bigint AS warehouse_id,
                         -(m ->> 'quantity')::numeric AS q,
                         (m ->> 'cost_line')::bigint AS cost_line,
                         (m ->> 'zero_cost')::boolean AS zero_cost
                  FROM jsonb_array_elements(app.requisition_moves(old_)) m) d);
    END LOOP;

    -- new and changed lines, in the order the operator sees them (n names the line)
    FOR given IN SELECT * FROM jsonb_array_elements(coalesce(p -> 'lines', '[]')) LOOP
        n := n + 1;
        id_ := app.arg_id(given ->> 'id', 'id');
        version_ := app.arg_int(given ->> 'version', 'version', 1, 2000000000);
        kind_ := coalesce(app.arg_text(given ->> 'kind', 'kind', 10), 'issue');
        IF kind_ NOT IN ('issue', 'return', 'removed') THEN
            PERFORM app.arg_refusal('field_malformed', 'kind');
        END IF;
        item_ := app.arg_id(given ->> 'item_id', 'item_id');
        warehouse_ := app.arg_id(given ->> 'warehouse_id', 'warehouse_id');
        quantity_ := app.as_number(given ->> 'quantity');
        fitted_ := nullif(app.arg_text(given ->> 'fitted_serial', 'fitted_serial', 100), '');
        removed_ := nullif(app.arg_text(given ->> 'removed_serial', 'removed_serial', 100),
                           '');
        removed_to_ := app.arg_id(given ->> 'removed_to_warehouse_id',
                                  'removed_to_warehouse_id');
        return_of_ := app.arg_id(given ->> 'return_of', 'return_of');
        IF item_ IS NULL OR NOT EXISTS (SELECT 1 FROM app.item i WHERE i.id = item_) THEN
            PERFORM app.refuse('requisition_item_required', jsonb_build_object('line', n)::text);
        END IF;
        IF kind_ = 'removed' THEN
            warehouse_ := coalesce(warehouse_, removed_to_);
            removed_to_ := warehouse_;
        END IF;
        IF quantity_ IS NULL OR quantity_ = 'NaN' OR quantity_ <= 0
           OR quantity_ >= 10000000000 OR quantity_ <> round(quantity_, 2) THEN
            PERFORM app.refuse('requisition_quantity_invalid',
                               jsonb_build_object('line', n)::text);
        END IF;
        IF (fitted_ IS NOT NULL OR removed_ IS NOT NULL) AND quantity_ <> 1 THEN
            PERFORM app.refuse('requisition_serial_one', jsonb_build_object('line', n)::text);
        END IF;
        IF removed_ IS NOT NULL AND removed_to_ IS NULL THEN
            PERFORM app.refuse('old_part_warehouse_required', jsonb_build_object('line', n)::text);
        END IF;
        IF removed_to_ IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM app.warehouse w WHERE w.id = removed_to_
                AND w.type IN ('scrap', 'merchant_returns')) THEN
            PERFORM app.refuse('old_part_warehouse_invalid', jsonb_build_object('line', n)::text);
        END IF;
        IF kind_ = 'return' AND (removed_ IS NOT NULL OR removed_to_ IS NOT NULL) THEN
            PERFORM app.refuse('old_part_warehouse_invalid', jsonb_build_object('line', n)::text);
        END IF;

        old_ := NULL;
        IF id_ IS NOT NULL THEN
            SELECT * INTO old_ FROM app.requisition_line
            WHERE id = id_ AND ticket_id = ticket_ AND state = 'active' FOR UPDATE;
            IF NOT FOUND OR id_ = ANY (doomed) THEN
                PERFORM app.refuse('requisition_line_missing',
                                   jsonb_build_object('line', n)::text);
            END IF;
            IF version_ IS NOT NULL AND version_ <> old_.version THEN
                PERFORM app.refuse('document_stale',
                                   old_.updated_by || '|' || old_.updated_at::text);
            END IF;
            IF kind_ <> old_.kind
               OR fitted_ IS DISTINCT FROM old_.fitted_serial
               OR removed_ IS DISTINCT FROM old_.removed_serial
               OR removed_to_ IS DISTINCT FROM old_.removed_to_warehouse_id
               OR (return_of_ IS NOT NULL AND return_of_ <> old_.return_of)
               OR ((old_.fitted_serial IS NOT NULL OR old_.removed_serial IS NOT NULL)
                   AND (item_ <> old_.item_id OR warehouse_ IS DISTINCT FROM old_.warehouse_id))
            THEN
                PERFORM app.refuse('requisition_line_fixed', jsonb_build_object('line', n)::text);
            END IF;
            warehouse_ := coalesce(warehouse_, old_.warehouse_id);
            IF old_.item_id = item_ AND old_.warehouse_id = warehouse_
               AND old_.quantity = quantity_ THEN
                CONTINUE;  -- unchanged: no move, no new version
            END IF;
            IF NOT may_edit AND NOT (old_.created_by = session_user
                                     AND old_.created_at >= app.shop_midnight()) THEN
                PERFORM app.need('requisition.edit');
            END IF;
        END IF;

        -- a return goes against an issue line of its item with enough still out
        IF kind_ = 'return' THEN
            SELECT * INTO issue_ FROM app.requisition_line l
            WHERE l.ticket_id = ticket_ AND l.kind = 'issue' AND l.state = 'active'
              AND l.item_id = item_
              AND l.id = coalesce(old_.return_of, return_of_, l.id)
              AND l.quantity - coalesce((SELECT sum(x.quantity) FROM app.requisition_line x
                  WHERE x.return_of = l.id AND x.state = 'active'
                    AND x.id IS DISTINCT FROM old_.id), 0) >= quantity_
            ORDER BY l.id DESC LIMIT 1 FOR UPDATE;
            IF NOT FOUND THEN
                SELECT coalesce(sum(CASE WHEN l.kind = 'issue' THEN l.quantity
                                         ELSE -l.quantity END), 0) INTO out_
                FROM app.requisition_line l
                WHERE l.ticket_id = ticket_ AND l.state = 'active' AND l.item_id = item_
                  AND l.kind IN ('issue', 'return') AND l.id IS DISTINCT FROM old_.id;
                PERFORM app.refuse('return_exceeds_issued', jsonb_build_object(
                    'line', n, 'code', (SELECT i.code FROM app.item i WHERE i.id = item_),
                    'issued', out_::text, 'need', quantity_::text)::text);
            END IF;
            return_of_ := issue_.id;
            warehouse_ := coalesce(warehouse_, issue_.warehouse_id);
            price_ := issue_.unit_price;
        ELSE
            return_of_ := NULL;
            SELECT i.sale_price INTO price_ FROM app.item i WHERE i.id = item_;
        END IF;
        IF warehouse_ IS NULL OR NOT EXISTS (SELECT 1 FROM app.warehouse w
                                             WHERE w.id = warehouse_) THEN
            PERFORM app.refuse('requisition_warehouse_required',
                               jsonb_build_object('line', n)::text);
        END IF;

        IF old_.id IS NULL THEN
            INSERT INTO app.requisition_line (ticket_id, kind, item_id, warehouse_id, quantity,
                unit_price, billed_to, return_of, fitted_serial, removed_serial,
                removed_to_warehouse_id)
            VALUES (ticket_, kind_, item_, warehouse_, quantity_, coalesce(price_, 0),
                payer_, return_of_, fitted_, removed_, removed_to_)
            RETURNING * INTO new_;
            IF fitted_ IS NOT NULL AND kind_ = 'issue' THEN
                PERFORM app.stock_serial_move(item_, fitted_, warehouse_, NULL, NULL, ticket_);
            ELSIF fitted_ IS NOT NULL AND kind_ = 'return' THEN
                PERFORM app.stock_serial_move(item_, fitted_, NULL, ticket_, warehouse_, NULL);
            END IF;
            IF removed_ IS NOT NULL THEN
                PERFORM app.stock_serial_move(item_, removed_, NULL, ticket_, removed_to_,
                                              NULL);
            END IF;
        ELSE
            IF old_.kind = 'issue' AND quantity_ < coalesce((SELECT sum(x.quantity)
                    FROM app.requisition_line x WHERE x.return_of = old_.id
                    AND x.state = 'active'), 0) THEN
                PERFORM app.refuse('requisition_below_returned',
                                   jsonb_build_object('line', n)::text);
            END IF;
            UPDATE app.requisition_line SET item_id = item_, warehouse_id = warehouse_,
                quantity = quantity_,
                unit_price = CASE WHEN item_ = old_.item_id THEN unit_price
                                  ELSE coalesce(price_, 0) END,
                updated_at = now(), updated_by = session_user
            WHERE id = old_.id RETURNING * INTO new_;
        END IF;
        moves_ := moves_ || (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'item_id', d.item_id, 'warehouse_id', d.warehouse_id, 'quantity', d.q,
                'cost_line', d.cost_line, 'zero_cost', d.zero_cost, 'line', n,
                'requisition_line_id', new_.id)), '[]')
            FROM (SELECT (m ->> 'item_id')::bigint AS item_id,
                         (m ->> 'warehouse_id')::bigint AS warehouse_id,
                         sum((m ->> 'quantity')::numeric * m_sign) AS q,
                         max((m ->> 'cost_line')::bigint) AS cost_line,
                         (m ->> 'zero_cost')::boolean AS zero_cost
                  FROM (SELECT m, 1 AS m_sign
                        FROM jsonb_array_elements(app.requisition_moves(new_)) m
                        UNION ALL
                        SELECT m, -1 FROM jsonb_array_elements(
                            CASE WHEN old_.id IS NULL THEN '[]'::jsonb
                                 ELSE app.requisition_moves(old_) END) m) both_
                  GROUP BY 1, 2, 5
                  HAVING sum((m ->> 'quantity')::numeric * m_sign) <> 0) d);
    END LOOP;

    -- the stock, in one call: balances locked in order, refused as a whole when short
    IF jsonb_array_length(moves_) > 0 THEN
        -- stock coming back undoes (part of) the issue row it came from, so it carries
        -- back exactly the value that row took (app.stock_apply, reverses_move_id)
        SELECT jsonb_agg(e.m || jsonb_build_object(
                'unit_cost', CASE
                    WHEN e.q < 0 THEN NULL
                    WHEN (e.m ->> 'zero_cost')::boolean THEN 0
                    WHEN e.undoes IS NOT NULL THEN NULL
                    ELSE coalesce((SELECT s.unit_cost FROM app.stock_move s
                                   WHERE s.requisition_line_id = e.cost_line
                                     AND s.item_id = e.item AND s.quantity < 0
                                   ORDER BY s.id DESC LIMIT 1),
                                  (SELECT b.unit_cost FROM app.stock_balance b
                                   WHERE b.item_id = e.item AND b.warehouse_id = e.warehouse),
                                  0) END,
                'reverses_move_id', e.undoes,
                'source', 'requisition', 'ticket_id', ticket_, 'document_id', NULL,
                'document_line_id', NULL, 'stocktake_line_id', NULL) ORDER BY e.ord)
        INTO moves_
        FROM (SELECT x.m, x.ord, (x.m ->> 'quantity')::numeric AS q,
                     (x.m ->> 'item_id')::bigint AS item,
                     (x.m ->> 'warehouse_id')::bigint AS warehouse,
                     (x.m ->> 'cost_line')::bigint AS cost_line,
                     CASE WHEN (x.m ->> 'quantity')::numeric > 0
                               AND NOT (x.m ->> 'zero_cost')::boolean THEN
                         (SELECT s.id FROM app.stock_move s
                          WHERE s.requisition_line_id = (x.m ->> 'cost_line')::bigint
                            AND s.item_id = (x.m ->> 'item_id')::bigint
                            AND s.warehouse_id = (x.m ->> 'warehouse_id')::bigint
                            AND s.quantity < 0 AND -s.quantity >= (x.m ->> 'quantity')::numeric
                          ORDER BY s.id DESC LIMIT 1) END AS undoes
              FROM jsonb_array_elements(moves_) WITH ORDINALITY AS x(m, ord)) e;
        PERFORM app.stock_apply(moves_);
    END IF;

    UPDATE app.requisition SET updated_at = now(), updated_by = session_user
    WHERE ticket_id = ticket_;
    IF r.number IS NULL THEN  -- the slip's number, taken last (gapless, lock held briefly)
        UPDATE app.requisition SET number = app.stock_next_number('LL')
        WHERE ticket_id = ticket_;
    END IF;
    PERFORM app.ticket_changed(ticket_, 'requisition');
    RETURN app.requisition_lines(ticket_) || '{"repeated": false}';
END
$fn$;

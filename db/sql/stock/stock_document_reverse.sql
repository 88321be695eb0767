-- Cancels the posted document p_id (locked and checked by the caller): a reversing
-- document of the same kind, dated today (nothing is backdated) and linked to the
-- original by reversal_of, whose moves undo the original's ledger rows, newest first
-- (each takes back exactly the value its row moved; a balance that has not moved since
-- is back exactly as before the original, average included). The original keeps its
-- lines, moves and number; only its state becomes cancelled, with who, when and why.
-- The reversal's number is not taken here (the caller takes numbers last). Returns the
-- reversal's id. Operators cannot call it (app.stock_document_cancel, _change do).
CREATE OR REPLACE FUNCTION app.stock_document_reverse(p_id bigint, p_reason text,
                                                      p_operation_id uuid) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    d app.stock_document;
    reversal_ bigint;
    moves jsonb;
BEGIN
    SELECT * INTO STRICT d FROM app.stock_document WHERE id = p_id;
    INSERT INTO app.stock_document (kind, warehouse_id, to_warehouse_id, supplier, reason,
                                    remarks, reversal_of, operation_id)
    VALUES (d.kind, d.warehouse_id, d.to_warehouse_id, d.supplier, d.reason, d.remarks,
            d.id, p_operation_id)
    RETURNING id INTO reversal_;
    INSERT INTO app.stock_document_line (document_id, line_no, item_id, quantity, unit_cost,
                                         amount, serial)
    SELECT reversal_, l.line_no, l.item_id, l.quantity, l.unit_cost, l.amount, l.serial
    FROM app.stock_document_line l WHERE l.document_id = d.id;
    SELECT jsonb_agg(jsonb_build_object(
               'item_id', m.item_id, 'warehouse_id', m.warehouse_id, 'quantity', -m.quantity,
               'reverses_move_id', m.id, 'source', 'document', 'document_id', reversal_,
               'document_line_id', r.id, 'line', r.line_no) ORDER BY m.id DESC)
    INTO moves
    FROM app.stock_move m
    JOIN app.stock_document_line o ON o.id = m.document_line_id
    JOIN app.stock_document_line r ON r.document_id = reversal_ AND r.line_no = o.line_no
    WHERE m.document_id = d.id;
    PERFORM app.stock_apply(moves);
    UPDATE app.stock_document SET state = 'posted', doc_date = app.shop_today(),
        posted_at = now(), posted_by = session_user, updated_at = now(),
        updated_by = session_user
    WHERE id = reversal_;
    UPDATE app.stock_document SET state = 'cancelled', cancelled_at = now(),
        cancelled_by = session_user, cancel_reason = p_reason, updated_at = now(),
        updated_by = session_user
    WHERE id = d.id;
    RETURN reversal_;
END
$fn$;

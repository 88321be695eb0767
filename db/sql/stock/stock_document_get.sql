-- A stock document as the editor shows it: header, state with who and when, the
-- documents it reverses, is reversed by, replaces and is replaced by, and its lines with
-- the items' code, name and unit. Unit costs and amounts only for an operator holding
-- costs.view (the others read NULL there, as the tables' column grants also say).
-- NULL when there is no such document.
CREATE OR REPLACE FUNCTION app.stock_document_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    WITH costs AS (
        SELECT pg_has_role(session_user, 'as_cap_costs_view', 'MEMBER') AS visible
    )
    SELECT jsonb_build_object(
        'id', d.id, 'number', d.number, 'kind', d.kind, 'state', d.state,
        'warehouse_id', d.warehouse_id, 'warehouse', w.name,
        'to_warehouse_id', d.to_warehouse_id, 'to_warehouse', t.name,
        'supplier', d.supplier, 'reason', d.reason, 'remarks', d.remarks,
        'doc_date', d.doc_date, 'version', d.version,
        'reversal_of', d.reversal_of, 'reversal_of_number', o.number,
        'reversed_by', r.id, 'reversed_by_number', r.number,
        'replaced_by', d.replaced_by, 'replaced_by_number', n.number,
        'replaces', p.id, 'replaces_number', p.number,
        'created_at', d.created_at, 'created_by', d.created_by,
        'updated_at', d.updated_at, 'updated_by', d.updated_by,
        'posted_at', d.posted_at, 'posted_by', d.posted_by,
        'cancelled_at', d.cancelled_at, 'cancelled_by', d.cancelled_by,
        'cancel_reason', d.cancel_reason, 'costs_visible', c.visible,
        'lines', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'id', l.id, 'line_no', l.line_no, 'item_id', l.item_id,
                'item_code', i.code, 'item_name', i.name, 'unit', i.unit,
                'quantity', l.quantity, 'serial', l.serial,
                'unit_cost', CASE WHEN c.visible THEN l.unit_cost END,
                'amount', CASE WHEN c.visible THEN l.amount END) ORDER BY l.line_no)
            FROM app.stock_document_line l JOIN app.item i ON i.id = l.item_id
            WHERE l.document_id = d.id), '[]'))
    FROM app.stock_document d
    CROSS JOIN costs c
    JOIN app.warehouse w ON w.id = d.warehouse_id
    LEFT JOIN app.warehouse t ON t.id = d.to_warehouse_id
    LEFT JOIN app.stock_document o ON o.id = d.reversal_of
    LEFT JOIN app.stock_document r ON r.reversal_of = d.id
    LEFT JOIN app.stock_document n ON n.id = d.replaced_by
    LEFT JOIN app.stock_document p ON p.replaced_by = d.id
    WHERE d.id = p_id
$fn$;

-- A ticket's requisition as the ticket tab, the requisition editor and the settlement
-- show it, in one round trip: its slip number and version, whether it is still open
-- (frozen once the ticket is settled, or since revision 0018 while its latest job is
-- reviewed: app.requisition_frozen), who pays its parts by the ticket's warranty class
-- now (app.billed_to_default: the settlement bills them so), its active lines in the
-- order they were made (each issue with what is still out after its returns, and the
-- shop day it was made: its maker may change it that day) and its deleted lines (for
-- the ticket's history). NULL for a ticket that does not exist.
CREATE OR REPLACE FUNCTION app.requisition_lines(p_ticket bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    WITH lines AS (
        SELECT l.*, i.code AS item_code, i.name AS item_name, i.unit,
               (l.created_at AT TIME ZONE coalesce((SELECT s.value #>> '{}'
                   FROM app.shop_setting s WHERE s.key = 'timezone'), 'Asia/Shanghai')
               )::date AS created_on,
               w.name AS warehouse_name, rw.name AS removed_to_name,
               CASE WHEN l.kind = 'issue' THEN l.quantity - coalesce((
                   SELECT sum(r.quantity) FROM app.requisition_line r
                   WHERE r.return_of = l.id AND r.state = 'active'), 0) END AS net_quantity
        FROM app.requisition_line l
        JOIN app.item i ON i.id = l.item_id
        JOIN app.warehouse w ON w.id = l.warehouse_id
        LEFT JOIN app.warehouse rw ON rw.id = l.removed_to_warehouse_id
        WHERE l.ticket_id = p_ticket)
    SELECT jsonb_build_object(
        'ticket_id', t.id, 'ticket_number', t.number, 'today', app.shop_today(),
        'technician', (SELECT e.name FROM app.employee e WHERE e.id = t.technician_id),
        'number', r.number, 'version', r.version,
        'state', CASE WHEN t.settled OR app.requisition_reviewed(t.id) THEN 'frozen'
                      ELSE 'open' END,
        'updated_at', r.updated_at, 'updated_by', r.updated_by, 'shop', app.setting('shop'),
        'billed_to', app.billed_to_default(t.warranty_class, t.rework_free),
        -- where the next part comes from (the last issue's warehouse, else the first parts
        -- warehouse) and where an old part goes (the first scrap warehouse)
        'warehouse_id', coalesce(
            (SELECT l.warehouse_id FROM lines l WHERE l.kind = 'issue' AND l.state = 'active'
             ORDER BY l.id DESC LIMIT 1),
            (SELECT w.id FROM app.warehouse w WHERE w.active AND w.type = 'parts'
             ORDER BY w.id LIMIT 1)),
        'removed_to_warehouse_id', (SELECT w.id FROM app.warehouse w
                                    WHERE w.active AND w.type = 'scrap' ORDER BY w.id LIMIT 1),
        'lines', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.id), '[]')
                  FROM lines l WHERE l.state = 'active'),
        'deleted_lines', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.id), '[]')
                          FROM lines l WHERE l.state = 'deleted'))
    FROM app.ticket t LEFT JOIN app.requisition r ON r.ticket_id = t.id
    WHERE t.id = p_ticket
$fn$;

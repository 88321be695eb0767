-- One job with everything its dialogs and the dispatch sheet (派工单) show, in one round
-- trip: the board's row (ticket fields, assignee, latest visit, work report with the work
-- types done; app.dispatch_rows), its photos (id, type, caption, size: the content comes
-- one photo at a time through app.job_photo_get), its events, the ticket's requisition
-- (app.requisition_lines) and what the sheet prints: the customer's phones as the caller
-- may see them (app.ticket_phones), the device, accessories, remarks, warranty class and
-- the shop. NULL when there is no such job or the caller's row security hides it.
CREATE OR REPLACE FUNCTION app.job_get(p_job bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT (app.dispatch_rows(ARRAY[j.ticket_id], ARRAY[j.id]) -> 0) || jsonb_build_object(
        'phones', app.ticket_phones(t.id), 'customer_id', t.customer_id,
        'serial', t.serial, 'received_at', t.received_at,
        'accessories', t.accessories, 'appearance', t.appearance, 'remarks', t.remarks,
        'warranty_class', t.warranty_class, 'purchase_date', t.purchase_date,
        'received_by', t.received_by,
        'photos', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'id', ph.id, 'mime', ph.mime, 'caption', ph.caption,
                       'size', octet_length(ph.content), 'added_at', ph.added_at,
                       'added_by', ph.added_by) ORDER BY ph.id), '[]')
                   FROM app.job_photo ph WHERE ph.job_id = j.id),
        'events', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'id', ev.id, 'kind', ev.kind, 'technician_id', ev.technician_id,
                       'technician', (SELECT e.name FROM app.employee e
                                      WHERE e.id = ev.technician_id),
                       'outlet_id', ev.outlet_id,
                       'outlet', (SELECT o.name FROM app.service_outlet o
                                  WHERE o.id = ev.outlet_id),
                       'reason', ev.reason, 'at', ev.at, 'by_operator', ev.by_operator)
                       ORDER BY ev.id), '[]')
                   FROM app.job_event ev
                   WHERE ev.ticket_id = j.ticket_id AND ev.job_id = j.id),
        'requisition', app.requisition_lines(t.id),
        'shop', (SELECT s.value FROM app.shop_setting s WHERE s.key = 'shop'),
        'today', app.shop_today())
    FROM app.job j JOIN app.ticket t ON t.id = j.ticket_id
    WHERE j.id = p_job
$fn$;

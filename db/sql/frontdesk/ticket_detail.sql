-- Everything one ticket tab shows (and its receipts print), in one round trip; since
-- revision 0016 with the parts requisitioned for it (app.requisition_lines), since 0018
-- with its jobs' events (assigned, started, reported, finished, reviewed: the history
-- panel shows them) and who each named. The counter sees them all: tickets are everyone's
-- to read, only the job records themselves are a technician's own (row security).
CREATE OR REPLACE FUNCTION app.ticket_detail(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object(
        'ticket', to_jsonb(t) - 'search_text',
        'customer', jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name,
            'address', c.address,
            'phones', (SELECT coalesce(jsonb_agg(app.mask_phone(cp.phone)
                                                 ORDER BY cp.is_primary DESC, cp.id), '[]')
                       FROM app.customer_phone cp WHERE cp.customer_id = c.id)),
        'technician', (SELECT e.name FROM app.employee e WHERE e.id = t.technician_id),
        'region', (SELECT r.name FROM app.region r WHERE r.id = t.region_id),
        'work_type', (SELECT w.name FROM app.work_type w WHERE w.id = t.work_type_id),
        'rework_of_number', (SELECT r.number FROM app.ticket r WHERE r.id = t.rework_of),
        'device_warranty_months', (SELECT d.warranty_months FROM app.device d
                                   WHERE d.id = t.device_id),
        'history', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.id), '[]')
                    FROM app.ticket_status s WHERE s.ticket_id = t.id),
        'locations', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.id), '[]')
                      FROM app.ticket_location l WHERE l.ticket_id = t.id),
        'quotes', (SELECT coalesce(jsonb_agg(to_jsonb(q) ORDER BY q.id), '[]')
                   FROM app.ticket_quote q WHERE q.ticket_id = t.id),
        'notices', (SELECT coalesce(jsonb_agg(to_jsonb(n) || jsonb_build_object('recipient',
                        CASE WHEN n.channel = 'email' THEN n.recipient
                             ELSE app.mask_phone(n.recipient) END) ORDER BY n.id), '[]')
                    FROM app.customer_notice n WHERE n.ticket_id = t.id),
        'settlements', (SELECT coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object('lines',
                            (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.line_no), '[]')
                             FROM app.settlement_line l WHERE l.settlement_id = s.id))
                            ORDER BY s.id), '[]')
                        FROM app.settlement s WHERE s.ticket_id = t.id),
        'requisition', app.requisition_lines(t.id),
        'job_events', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                           'id', e.id, 'job_id', e.job_id, 'kind', e.kind, 'at', e.at,
                           'by_operator', e.by_operator, 'reason', e.reason,
                           'technician', (SELECT m.name FROM app.employee m
                                          WHERE m.id = e.technician_id),
                           'outlet', (SELECT o.name FROM app.service_outlet o
                                      WHERE o.id = e.outlet_id)) ORDER BY e.id), '[]')
                       FROM app.job_event e WHERE e.ticket_id = t.id),
        'shop', app.setting('shop'),
        'uncollected_days', app.setting('uncollected_days'),
        'templates', (SELECT coalesce(jsonb_object_agg(n.kind, n.body), '{}')
                      FROM app.notice_template n),
        'channels', (SELECT jsonb_build_array('phone') || coalesce(jsonb_agg(ch.channel
                         ORDER BY ch.channel), '[]')
                     FROM app.notice_channel ch WHERE ch.enabled),
        'today', app.shop_today())
    FROM app.ticket t JOIN app.customer c ON c.id = t.customer_id
    WHERE t.id = p_id
$fn$;

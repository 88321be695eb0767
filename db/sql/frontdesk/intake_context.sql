-- What the intake form needs when it opens, in one round trip.
CREATE OR REPLACE FUNCTION app.intake_context() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object(
        'today', app.shop_today(),
        'shop', app.setting('shop'),
        'promise', app.setting('promise'),
        'quote_required', app.setting('quote_required'),
        'uncollected_days', app.setting('uncollected_days'),
        'calendar', (SELECT coalesce(jsonb_agg(jsonb_build_object('day', w.day,
                                                                  'working', w.working)), '[]')
                     FROM app.work_calendar w
                     WHERE w.day BETWEEN app.shop_today() - 7 AND app.shop_today() + 400),
        'work_types', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'code', w.code,
                           'name', w.name, 'labour_fee', w.labour_fee,
                           'repair_warranty_days', w.repair_warranty_days) ORDER BY w.id), '[]')
                       FROM app.work_type w WHERE w.active),
        'service_modes', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', m.code,
                              'label', m.label) ORDER BY m.code), '[]')
                          FROM app.service_mode m WHERE m.active),
        'regions', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name',
                        coalesce(pr.name || ' ', '') || r.name) ORDER BY pr.name, r.name), '[]')
                    FROM app.region r LEFT JOIN app.region pr ON pr.id = r.parent_id
                    WHERE r.active),
        'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.id,
                            'name', e.name) ORDER BY e.name), '[]')
                        FROM app.employee e WHERE e.active AND e.is_technician),
        'dictionary', (SELECT coalesce(jsonb_object_agg(k.kind, k.vals), '{}') FROM (
                           SELECT d.kind, jsonb_agg(d.value ORDER BY d.uses DESC, d.value)
                                  AS vals
                           FROM (SELECT e.kind, e.value, e.uses, row_number() OVER (
                                     PARTITION BY e.kind ORDER BY e.uses DESC, e.value) AS n
                                 FROM app.dictionary_entry e
                                 WHERE e.active AND e.merged_into IS NULL) d
                           WHERE d.n <= 300 GROUP BY d.kind) k),
        'channels', (SELECT jsonb_build_array('phone') || coalesce(jsonb_agg(c.channel
                         ORDER BY c.channel), '[]')
                     FROM app.notice_channel c WHERE c.enabled),
        'templates', (SELECT coalesce(jsonb_object_agg(n.kind, n.body), '{}')
                      FROM app.notice_template n))
$fn$;

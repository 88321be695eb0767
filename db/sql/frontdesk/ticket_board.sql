-- The status board: open tickets come from a partial index (a few thousand rows among
-- a million), today's pickups from another; one round trip.
CREATE OR REPLACE FUNCTION app.ticket_board() RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- computed once: the helpers are not inlined, and per row they would cost a
    -- sequential scan of a million tickets
    today date := app.shop_today();
    midnight timestamptz := app.shop_midnight();
    waited integer := coalesce((app.setting('uncollected_days') #>> '{}')::integer, 30);
    since timestamptz := now() - make_interval(days => waited);
    result jsonb;
BEGIN
    WITH open_ AS MATERIALIZED (
        SELECT t.status, t.promised_on, t.urgent, t.status_at FROM app.ticket t
        WHERE t.status IN ('pending', 'in_repair', 'waiting_parts', 'hard_repair',
                           'at_factory', 'ready'))
    SELECT jsonb_build_object(
        'statuses', (SELECT coalesce(jsonb_object_agg(s.status, s.n), '{}')
                     FROM (SELECT o.status, count(*) AS n FROM open_ o GROUP BY o.status) s),
        'overdue', (SELECT count(*) FROM open_ o
                    WHERE o.promised_on < today AND o.status <> 'ready'),
        'urgent', (SELECT count(*) FROM open_ o WHERE o.urgent AND o.status <> 'ready'),
        'uncollected', (SELECT count(*) FROM open_ o
                        WHERE o.status = 'ready' AND o.status_at < since),
        'picked_up_today', (SELECT count(*) FROM app.ticket t WHERE t.picked_up_at >= midnight),
        'received_today', (SELECT count(*) FROM app.ticket t WHERE t.received_at >= midnight),
        'notices_due', (SELECT count(*) FROM app.customer_notice n
                        WHERE n.status IN ('due', 'failed')),
        'preorders_arrived', (SELECT count(*) FROM app.part_preorder o
                              WHERE o.state = 'arrived'),
        'uncollected_days', waited,
        'today', today)
    INTO result;
    RETURN result;
END
$fn$;

-- Adds (p_sign 1) or takes back (p_sign -1) one complaint in the monthly complaint rollup
-- (app.complaint_month): by the month it was opened (the shop's), its technician and its
-- ticket's service mode, it counts as opened, resolved (with the seconds it took less the
-- time it waited for the customer), still open, escalated, accepted of those asked, and
-- upheld (closed with the customer accepting: app.technician_satisfaction).
CREATE OR REPLACE FUNCTION app.complaint_month_add(p app.complaint, p_sign integer)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
    month_ date := date_trunc('month', p.opened_at AT TIME ZONE zone)::date;
    mode_ text := (SELECT t.service_mode FROM app.ticket t WHERE t.id = p.ticket_id);
    resolved_ integer := CASE WHEN p.resolved_at IS NOT NULL THEN p_sign ELSE 0 END;
    open_ integer := CASE WHEN p.state NOT IN ('resolved', 'closed') THEN p_sign ELSE 0 END;
    escalated_ integer := CASE WHEN p.escalation_level > 0 THEN p_sign ELSE 0 END;
    -- a resolved complaint's pause is over (paused_seconds holds it); a running one
    -- would end at the resolution
    seconds_ numeric := CASE WHEN p.resolved_at IS NULL THEN 0 ELSE p_sign * greatest(
        extract(epoch FROM p.resolved_at - p.opened_at) - p.paused_seconds
        - coalesce(extract(epoch FROM p.resolved_at - p.paused_since), 0), 0) END;
    accepted_ integer := CASE WHEN p.customer_accepted THEN p_sign ELSE 0 END;
    asked_ integer := CASE WHEN p.customer_accepted IS NOT NULL THEN p_sign ELSE 0 END;
    upheld_ integer := CASE WHEN p.state = 'closed' AND p.customer_accepted THEN p_sign
                            ELSE 0 END;
BEGIN
    -- the row first (a negative count would fail the CHECK as a row to insert, before
    -- ON CONFLICT could turn it into an update); the first complaint of a key inserts
    UPDATE app.complaint_month m
    SET opened = m.opened + p_sign, resolved = m.resolved + resolved_,
        open_now = m.open_now + open_, escalated = m.escalated + escalated_,
        resolve_seconds = m.resolve_seconds + seconds_, accepted = m.accepted + accepted_,
        asked = m.asked + asked_, upheld = m.upheld + upheld_
    WHERE m.month = month_
      AND (m.technician_id = p.technician_id
           OR p.technician_id IS NULL AND m.technician_id IS NULL)
      AND (m.service_mode = mode_ OR mode_ IS NULL AND m.service_mode IS NULL);
    IF NOT FOUND THEN
        INSERT INTO app.complaint_month AS m (month, technician_id, service_mode, opened,
                                              resolved, open_now, escalated,
                                              resolve_seconds, accepted, asked, upheld)
        VALUES (month_, p.technician_id, mode_, p_sign, resolved_, open_, escalated_,
                seconds_, accepted_, asked_, upheld_)
        -- another transaction inserted the key meanwhile
        ON CONFLICT (month, technician_id, service_mode) DO UPDATE
            SET opened = m.opened + excluded.opened, resolved = m.resolved + excluded.resolved,
                open_now = m.open_now + excluded.open_now,
                escalated = m.escalated + excluded.escalated,
                resolve_seconds = m.resolve_seconds + excluded.resolve_seconds,
                accepted = m.accepted + excluded.accepted, asked = m.asked + excluded.asked,
                upheld = m.upheld + excluded.upheld;
    END IF;
END
$fn$;

-- The returning-customer lookup: a phone (or part of one), a name or a device serial
-- -> the matching customers with phones (masked without contacts.view), devices and last
-- visits, as one jsonb array. The indexes it relies on are described in revision 0006.
CREATE OR REPLACE FUNCTION app.customer_lookup(p_text text, p_limit integer DEFAULT 20)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    q text := pg_catalog.btrim(coalesce(p_text, ''));
    lim integer := least(greatest(coalesce(p_limit, 20), 1), 100);
    -- Without contacts.view phones come back masked (138****5678), and the phone search
    -- matches only the whole number or its last 3-4 digits (what the mask shows), so
    -- probing with fragments cannot reveal the hidden middle digits.
    contacts boolean := pg_catalog.pg_has_role(session_user, 'as_cap_contacts_view',
                                               'MEMBER');
    digits text;
    pattern text;
    lowered text;
    ids bigint[];
    kinds text[];
BEGIN
    -- longer than any name, phone or serial a customer can have: nothing to find, and
    -- nothing to spend time on (revision 0014; a megabyte took seconds)
    IF pg_catalog.length(q) > 100 THEN
        RETURN '[]'::jsonb;
    END IF;
    digits := pg_catalog.regexp_replace(q, '[[:space:]()+-]', '', 'g');
    IF digits ~ '^[0-9]+$' THEN
        IF pg_catalog.length(digits) < 3 THEN
            RETURN '[]'::jsonb;
        END IF;
        IF pg_catalog.length(digits) = 13 AND digits LIKE '86%' THEN
            digits := pg_catalog.substr(digits, 3);
        ELSIF pg_catalog.length(digits) = 15 AND digits LIKE '0086%' THEN
            digits := pg_catalog.substr(digits, 5);
        END IF;
        -- rank: 0 whole number, 1 starts with, 2 ends with (the usual "last four
        -- digits"), 3 contains; then the newest customer first.
        SELECT pg_catalog.array_agg(h.customer_id ORDER BY h.rank, h.customer_id DESC),
               pg_catalog.array_agg('phone'::text ORDER BY h.rank, h.customer_id DESC)
        INTO ids, kinds
        FROM (
            SELECT p.customer_id, min(CASE
                       WHEN p.d = digits THEN 0
                       WHEN pg_catalog.starts_with(p.d, digits) THEN 1
                       WHEN pg_catalog.right(p.d, pg_catalog.length(digits)) = digits THEN 2
                       ELSE 3 END) AS rank
            FROM (SELECT cp.customer_id, pg_catalog.replace(cp.phone, '-', '') AS d
                  FROM app.customer_phone cp
                  WHERE pg_catalog.replace(cp.phone, '-', '') LIKE '%' || digits || '%') p
            WHERE (contacts OR p.d = digits
                   OR (pg_catalog.length(digits) <= 4
                       AND pg_catalog.right(p.d, pg_catalog.length(digits)) = digits))
              -- a scalar subquery, not a join: a join lets the planner hash all 200,000
              -- customers when it expects a few thousand phones (60 ms instead of 3)
              AND (SELECT c.active FROM app.customer c WHERE c.id = p.customer_id)
            GROUP BY p.customer_id
            ORDER BY rank, p.customer_id DESC
            LIMIT lim) h;
    ELSE
        IF pg_catalog.length(q) < 2 THEN
            RETURN '[]'::jsonb;
        END IF;
        lowered := pg_catalog.lower(q);
        pattern := '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            lowered, '\', '\\'), '%', '\%'), '_', '\_') || '%';
        -- rank: 5 exact serial, 10 exact name, 11 name starts with, 12 serial starts
        -- with, 13 name contains, 14 serial contains; then the newest customer first.
        SELECT pg_catalog.array_agg(h.customer_id ORDER BY h.rank, h.customer_id DESC),
               pg_catalog.array_agg(CASE WHEN h.rank IN (5, 12, 14) THEN 'serial'
                                         ELSE 'name' END
                                    ORDER BY h.rank, h.customer_id DESC)
        INTO ids, kinds
        FROM (
            SELECT m.customer_id, min(m.rank) AS rank
            FROM (
                SELECT c.id AS customer_id, CASE
                           WHEN pg_catalog.lower(c.name) = lowered THEN 10
                           WHEN pg_catalog.starts_with(pg_catalog.lower(c.name), lowered)
                               THEN 11
                           ELSE 13 END AS rank
                FROM app.customer c
                WHERE app.text_bigrams(c.name) OPERATOR(pg_catalog.@>) app.text_bigrams(q)
                  AND pg_catalog.lower(c.name) LIKE pattern
                  AND c.active
                UNION ALL
                SELECT d.customer_id, CASE
                           WHEN pg_catalog.lower(d.serial) = lowered THEN 5
                           WHEN pg_catalog.starts_with(pg_catalog.lower(d.serial), lowered)
                               THEN 12
                           ELSE 14 END
                FROM app.device d
                -- serials are ASCII: anything else has no trigram and would scan them all
                WHERE q ~ '^[A-Za-z0-9./_-]{3,}$' AND d.serial ILIKE pattern
                  AND (SELECT c.active FROM app.customer c WHERE c.id = d.customer_id)) m
            GROUP BY m.customer_id
            ORDER BY rank, m.customer_id DESC
            LIMIT lim) h;
    END IF;

    IF ids IS NULL THEN
        RETURN '[]'::jsonb;
    END IF;
    RETURN (
        SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'id', c.id, 'code', c.code, 'name', c.name, 'grade', c.grade,
            'grade_label', g.label, 'address', c.address, 'match', u.kind,
            'phones', coalesce((
                SELECT pg_catalog.jsonb_agg(CASE WHEN contacts THEN cp.phone
                           ELSE app.phone_masked(cp.phone) END
                           ORDER BY cp.is_primary DESC, cp.id)
                FROM app.customer_phone cp WHERE cp.customer_id = c.id), '[]'::jsonb),
            -- the 20 newest devices; device_count says whether there are more
            'devices', coalesce((
                SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                           'id', d.id, 'product', d.product, 'brand', d.brand,
                           'model', d.model, 'serial', d.serial,
                           'purchase_date', d.purchase_date,
                           'warranty_months', d.warranty_months)
                           ORDER BY d.purchase_date DESC NULLS LAST, d.id DESC)
                FROM (SELECT * FROM app.device d0 WHERE d0.customer_id = c.id
                      ORDER BY d0.purchase_date DESC NULLS LAST, d0.id DESC
                      LIMIT 20) d), '[]'::jsonb),
            'device_count', (SELECT pg_catalog.count(*) FROM app.device d1
                             WHERE d1.customer_id = c.id),
            -- Always empty until the tickets module lands; it will fill this with the
            -- customer's latest service visits (date, ticket, device, fault, status).
            'last_visits', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'id', v.id, 'number', v.number, 'received_on', v.received_on,
                'device_id', v.device_id, 'product', v.product, 'model', v.model,
                'fault', v.fault, 'status', v.status, 'warranty_class', v.warranty_class,
                'picked_up_at', v.picked_up_at, 'status_at', v.status_at,
                'repair_warranty_until', v.repair_warranty_until,
                'technician_id', v.technician_id) ORDER BY v.received_at DESC), '[]'::jsonb)
            FROM (SELECT * FROM app.ticket t0 WHERE t0.customer_id = c.id
                  ORDER BY t0.received_at DESC LIMIT 5) v))
            ORDER BY u.ord), '[]'::jsonb)
        FROM ROWS FROM (pg_catalog.unnest(ids), pg_catalog.unnest(kinds))
            WITH ORDINALITY AS u(id, kind, ord)
        JOIN app.customer c ON c.id = u.id
        JOIN app.customer_grade g ON g.code = c.grade);
END
$fn$;

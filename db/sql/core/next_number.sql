-- The next number of the shop day: the counter row is locked until the caller
-- commits, so concurrent intakes queue for it and numbers never repeat or skip.
CREATE OR REPLACE FUNCTION app.next_number(p_prefix text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    today date := app.shop_today();
    seq integer;
BEGIN
    INSERT INTO app.ticket_counter AS c (prefix, day, last_seq) VALUES (p_prefix, today, 1)
    ON CONFLICT (prefix, day) DO UPDATE SET last_seq = c.last_seq + 1
    RETURNING c.last_seq INTO seq;
    RETURN app.format_number(p_prefix, today, seq);
END
$fn$;

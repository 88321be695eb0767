-- The next gapless number of a prefix in the shop's year: RK2026-000123 (six digits,
-- more past 999999). The counter row stays locked until the caller commits, so callers
-- take their number last, when everything else of the transaction is done: the lock is
-- held for the commit only, and a refused posting never used a number.
-- Requisition slips (LL) and stocktake sheets (PD) number themselves here too.
CREATE OR REPLACE FUNCTION app.stock_next_number(p_prefix text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    year_ integer := extract(year FROM app.shop_today())::integer;
    seq integer;
BEGIN
    INSERT INTO app.stock_counter AS c (prefix, year, last_seq) VALUES (p_prefix, year_, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last_seq = c.last_seq + 1
    RETURNING c.last_seq INTO seq;
    RETURN p_prefix || year_::text || '-'
           || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END;
END
$fn$;

-- What a free rework charges back to a payee of the first job (revision 0022): the
-- rework rule's fixed amount, or its rate % of the commission the first job paid them;
-- negative. NULL for an unknown kind. The same rule as domain/commissions.py
-- rework_chargeback.
CREATE OR REPLACE FUNCTION app.commission_rework(p_kind text, p_amount numeric,
                                                 p_rate numeric,
                                                 p_original_commission numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE p_kind
               WHEN 'fixed' THEN round(-p_amount, 2)
               WHEN 'commission_pct' THEN round(-(p_original_commission * p_rate / 100), 2)
           END
$fn$;

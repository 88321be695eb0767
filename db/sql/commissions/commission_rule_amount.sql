-- One work type's commission by a rule (revision 0022): 'fixed' pays p_amount per unit of
-- p_quantity; 'labour_pct' and 'margin_pct' pay p_rate % of p_base (the work type's
-- labour fee x quantity, or the job's parts margin); both times the payee's grade
-- multiplier, rounded to the fen. NULL for an unknown kind. The same rule as
-- domain/commissions.py rule_amount (tests/db/test_commission_rules_agree.py).
CREATE OR REPLACE FUNCTION app.commission_rule_amount(p_kind text, p_amount numeric,
                                                      p_rate numeric, p_base numeric,
                                                      p_quantity numeric,
                                                      p_grade_factor numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE p_kind
               WHEN 'fixed' THEN round(p_amount * p_quantity * p_grade_factor, 2)
               WHEN 'labour_pct' THEN round(p_base * p_rate / 100 * p_grade_factor, 2)
               WHEN 'margin_pct' THEN round(p_base * p_rate / 100 * p_grade_factor, 2)
           END
$fn$;

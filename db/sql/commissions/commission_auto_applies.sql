-- Whether a survey with this lowest score triggers an automatic reward / penalty item
-- (revision 0022): 'survey_low' at or below the item's threshold, 'survey_high' at or
-- above it; no other item (by hand, 'complaint') and no survey without scores. The same
-- rule as domain/commissions.py auto_item_applies.
CREATE OR REPLACE FUNCTION app.commission_auto_applies(p_auto text, p_threshold integer,
                                                       p_lowest_score integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN p_threshold IS NULL OR p_lowest_score IS NULL THEN false
                WHEN p_auto = 'survey_low' THEN p_lowest_score <= p_threshold
                WHEN p_auto = 'survey_high' THEN p_lowest_score >= p_threshold
                ELSE false
           END
$fn$;

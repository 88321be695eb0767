-- The refusal of one row of a dealer's list: dealer_row_invalid with the row's number in
-- the dealer's workbook, the field (the template's column) and what is wrong with it
-- (domain/dealer_list.py ROW_PROBLEMS words each problem), so the operator is sent to
-- the cell to correct. Nothing of the list is imported: the refusal ends the transaction.
CREATE OR REPLACE FUNCTION app.dealer_row_refuse(p_row integer, p_field text, p_problem text)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.refuse('dealer_row_invalid', jsonb_build_object(
        'row', p_row, 'field', p_field, 'label', p_field, 'problem', p_problem)::text);
END
$fn$;

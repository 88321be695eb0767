-- The DETAIL of a refusal about one field: the field (the form's name for it), its label
-- (the client shows the field's name in the operator's language) and the bounds, as the
-- JSON arguments the client's catalogue (domain/refusals.py) fills the message with.
CREATE OR REPLACE FUNCTION app.arg_refusal(p_code text, p_field text,
                                           p_bounds jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.refuse(p_code, (jsonb_build_object('field', p_field, 'label', p_field)
                                || coalesce(p_bounds, '{}'))::text);
END
$fn$;

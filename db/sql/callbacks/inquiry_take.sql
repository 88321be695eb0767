-- The inquiry (咨询) an intake or a pre-order turns into a ticket or a pre-order, locked
-- until the caller links it: NULL (none) is nothing to do; an inquiry that does not exist
-- is inquiry_missing, one of another customer or one already turned into a ticket or a
-- pre-order is inquiry_converted (revision 0021). Internal: app.ticket_intake and
-- app.preorder_create call it before they write their own rows.
CREATE OR REPLACE FUNCTION app.inquiry_take(p_inquiry bigint, p_customer bigint)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    found_ app.inquiry;
BEGIN
    IF p_inquiry IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO found_ FROM app.inquiry WHERE id = p_inquiry FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('inquiry_missing', 'inquiry_id');
    END IF;
    IF found_.customer_id IS DISTINCT FROM p_customer OR found_.ticket_id IS NOT NULL
       OR found_.preorder_id IS NOT NULL THEN
        PERFORM app.refuse('inquiry_converted', 'inquiry_id');
    END IF;
END
$fn$;

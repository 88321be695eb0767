-- A ticket's customer's phone numbers as the caller may see them (app.mask_phone: whole
-- with contacts.view, else masked), the main one first. SECURITY DEFINER because the
-- phones table is readable only with contacts.view; it shows no more than the ticket
-- tab (app.ticket_detail) shows every operator. For the dispatch sheet and job_get.
CREATE OR REPLACE FUNCTION app.ticket_phones(p_ticket bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce(jsonb_agg(app.mask_phone(cp.phone) ORDER BY cp.is_primary DESC, cp.id),
                    '[]')
    FROM app.ticket t JOIN app.customer_phone cp ON cp.customer_id = t.customer_id
    WHERE t.id = p_ticket
$fn$;

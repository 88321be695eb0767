-- A new customer as the counter makes one (revision 0021: out of app.ticket_intake, so
-- that an inquiry makes its customer the same way): a name and a phone number (stored in
-- its normal form, or refused as phone_required / phone_invalid), the next free code
-- C000123 (imported customers may already use a generated one), the address and region
-- as typed. Internal: its callers check the capability and read the values first.
CREATE OR REPLACE FUNCTION app.intake_customer(p_name text, p_phone text, p_address text,
                                               p_region bigint) RETURNS app.customer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    phone text;
    new_id bigint;
    cust app.customer;
BEGIN
    IF coalesce(p_name, '') = '' THEN
        PERFORM app.refuse('customer_name_required', 'customer_name');
    END IF;
    phone := app.normalize_phone(coalesce(p_phone, ''));
    LOOP
        new_id := nextval(pg_get_serial_sequence('app.customer', 'id'));
        EXIT WHEN NOT EXISTS (SELECT FROM app.customer
                              WHERE code = 'C' || lpad(new_id::text, 6, '0'));
    END LOOP;
    INSERT INTO app.customer (id, code, name, address, region_id) OVERRIDING SYSTEM VALUE
    VALUES (new_id, 'C' || lpad(new_id::text, 6, '0'), p_name, coalesce(p_address, ''),
            p_region)
    RETURNING * INTO cust;
    INSERT INTO app.customer_phone (customer_id, phone, is_primary)
    VALUES (cust.id, phone, true);
    RETURN cust;
END
$fn$;

-- One row of a dealer's list (商场交回的客户档案) as app.callback_import takes it, checked
-- and cleaned: every text trimmed and within its column's length, the phone in its stored
-- form (app.phone_normal_form), the region found by its name, the dates real days (the
-- purchase not in the future, the due day within a year), a dealer (the row's, else the
-- list's). A row that is not so is refused naming its number p_row (app.dealer_row_refuse);
-- no exception block is entered, so a list of thousands of rows is read cheaply.
CREATE OR REPLACE FUNCTION app.dealer_row_read(p_row jsonb, p_number integer, p_today date,
                                               p_dealer text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- field -> most characters, in the template's column order (the first bad one is named)
    fields constant text[] := ARRAY['dealer', 'customer_name', 'phone', 'address', 'region',
                                    'product', 'brand', 'model', 'serial', 'purchase_date',
                                    'due_on'];
    most constant integer[] := ARRAY[100, 100, 100, 200, 100, 100, 100, 100, 100, 10, 10];
    clean jsonb := '{}';
    field_ text;
    value_ text;
    phone_ text;
    region_ bigint;
    regions integer;
    parts text[];
    day_ date;
BEGIN
    IF jsonb_typeof(p_row) IS DISTINCT FROM 'object' THEN
        PERFORM app.dealer_row_refuse(p_number, 'row', 'not_a_row');
    END IF;
    FOR i IN 1 .. array_length(fields, 1) LOOP
        field_ := fields[i];
        IF coalesce(jsonb_typeof(p_row -> field_), 'null') NOT IN ('string', 'number', 'null')
        THEN
            PERFORM app.dealer_row_refuse(p_number, field_, 'invalid');
        END IF;
        value_ := left(p_row ->> field_, most[i] + 1000);  -- blanks around may be trimmed
        value_ := btrim(coalesce(value_, ''), E' \t\n\r\f\x0b\u00a0\u3000');
        IF length(value_) > most[i] THEN
            PERFORM app.dealer_row_refuse(p_number, field_, 'too_long');
        END IF;
        clean := clean || jsonb_build_object(field_, value_);
    END LOOP;

    IF clean ->> 'dealer' = '' THEN
        clean := clean || jsonb_build_object('dealer', coalesce(p_dealer, ''));
        IF clean ->> 'dealer' = '' THEN
            PERFORM app.dealer_row_refuse(p_number, 'dealer', 'required');
        END IF;
    END IF;
    IF clean ->> 'customer_name' = '' THEN
        PERFORM app.dealer_row_refuse(p_number, 'customer_name', 'required');
    END IF;
    IF clean ->> 'phone' = '' THEN
        PERFORM app.dealer_row_refuse(p_number, 'phone', 'required');
    END IF;
    phone_ := app.phone_normal_form(clean ->> 'phone');
    IF phone_ IS NULL THEN
        PERFORM app.dealer_row_refuse(p_number, 'phone', 'phone_invalid');
    END IF;
    IF clean ->> 'product' = '' AND clean ->> 'brand' = '' AND clean ->> 'model' = '' THEN
        PERFORM app.dealer_row_refuse(p_number, 'product', 'required');
    END IF;

    IF clean ->> 'region' <> '' THEN
        SELECT min(r.id), count(*) INTO region_, regions
        FROM app.region r WHERE r.name = clean ->> 'region' AND r.active;
        IF regions = 0 THEN
            PERFORM app.dealer_row_refuse(p_number, 'region', 'region_unknown');
        ELSIF regions > 1 THEN
            PERFORM app.dealer_row_refuse(p_number, 'region', 'region_ambiguous');
        END IF;
    END IF;

    FOREACH field_ IN ARRAY ARRAY['purchase_date', 'due_on'] LOOP
        day_ := NULL;
        IF clean ->> field_ <> '' THEN
            parts := regexp_match(clean ->> field_, '^([0-9]{4})-([0-9]{2})-([0-9]{2})$');
            IF parts IS NULL OR parts[1]::integer NOT BETWEEN 1970 AND 2199
               OR parts[2]::integer NOT BETWEEN 1 AND 12 OR parts[3]::integer < 1
               OR parts[3]::integer > extract(day FROM make_date(parts[1]::integer,
                   parts[2]::integer, 1) + interval '1 month - 1 day') THEN
                PERFORM app.dealer_row_refuse(p_number, field_, 'date_invalid');
            END IF;
            day_ := make_date(parts[1]::integer, parts[2]::integer, parts[3]::integer);
            IF field_ = 'purchase_date' AND day_ > p_today THEN
                PERFORM app.dealer_row_refuse(p_number, field_, 'purchase_in_future');
            ELSIF field_ = 'due_on' AND day_ NOT BETWEEN p_today AND p_today + 365 THEN
                PERFORM app.dealer_row_refuse(p_number, field_, 'due_range');
            END IF;
        END IF;
        clean := clean || jsonb_build_object(field_, day_);
    END LOOP;

    RETURN clean || jsonb_build_object('phone', phone_, 'region_id', region_,
                                       'row', p_number);
END
$fn$;

-- A dealer's list of customers who bought (商场交回的客户档案), imported for installation or
-- usage calls: {"kind": 'installation'|'usage', "dealer": the list's dealer (商场/经销商,
-- for rows without their own), "file_name", "rows": [{"row" (its number in the workbook),
-- "dealer", "customer_name", "phone", "address", "region", "product", "brand", "model",
-- "serial", "purchase_date", "due_on"}]}. All of it or nothing: every row is read first
-- (app.dealer_row_read refuses a bad one naming its row), then, row by row, the customer
-- is found by the phone number's stored form or made (as the intake makes one), a
-- device is found or made when the row has a serial or a model, and a callback task of
-- source 'dealer' is made, due on the row's day or the kind's rule delay after the
-- purchase (not before today), open for the rule's window. A row already imported (the
-- same customer, device, product, purchase day, dealer and kind) makes no second task,
-- so importing the same list again adds nothing. Answers {"batch_id", "tasks",
-- "customers_new", "devices_new", "skipped"}.
CREATE OR REPLACE FUNCTION app.callback_import(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    rows_max constant integer := 5000;
    today date := app.shop_today();
    kind_ text := p ->> 'kind';
    dealer_ text;
    file_ text;
    rows_ jsonb := p -> 'rows';
    count_ integer;
    clean jsonb[] := '{}';
    r jsonb;
    number_ integer;
    delay_ integer;
    window_ integer;
    batch_ bigint;
    customer_ app.customer;
    device_ bigint;
    region_ bigint;
    product_ text;
    purchase_ date;
    due_ date;
    new_id bigint;
    tasks_made integer := 0;
    customers_made integer := 0;
    devices_made integer := 0;
    skipped_rows integer := 0;
BEGIN
    PERFORM app.need('callback.record');
    IF kind_ IS NULL OR kind_ NOT IN ('installation', 'usage') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'kind');
    END IF;
    dealer_ := coalesce(app.arg_text(p ->> 'dealer', 'dealer', 100), '');
    file_ := coalesce(app.arg_text(p ->> 'file_name', 'file_name', 200), '');
    IF jsonb_typeof(rows_) IS DISTINCT FROM 'array' OR jsonb_array_length(rows_) = 0 THEN
        PERFORM app.refuse('dealer_rows_required', 'rows');
    END IF;
    count_ := jsonb_array_length(rows_);
    IF count_ > rows_max THEN
        PERFORM app.refuse('dealer_rows_too_many', rows_max::text);
    END IF;

    -- every row first: a bad one refuses before anything is written
    FOR i IN 0 .. count_ - 1 LOOP
        r := rows_ -> i;
        number_ := i + 1;
        IF jsonb_typeof(r -> 'row') = 'number' AND (r ->> 'row') ~ '^[0-9]{1,7}$' THEN
            number_ := (r ->> 'row')::integer;  -- the workbook's row number
        END IF;
        clean := clean || app.dealer_row_read(r, number_, today, dealer_);
    END LOOP;
    IF dealer_ = '' THEN
        dealer_ := clean[1] ->> 'dealer';
    END IF;

    -- the kind's rule: its delay after the purchase and its window (the first active
    -- rule of that kind; a shop without one calls from today for two weeks)
    SELECT c.delay_days, c.window_days INTO delay_, window_
    FROM app.callback_rule c WHERE c.kind = kind_ AND c.active
    ORDER BY c.round, c.service_mode LIMIT 1;
    delay_ := coalesce(delay_, 0);
    window_ := coalesce(window_, 14);

    INSERT INTO app.callback_import_batch (kind, dealer, file_name, rows)
    VALUES (kind_, dealer_, file_, count_) RETURNING id INTO batch_;

    FOREACH r IN ARRAY clean LOOP
        region_ := (r ->> 'region_id')::bigint;
        purchase_ := (r ->> 'purchase_date')::date;
        -- the customer: the one with this number (an active one, its main number first)
        SELECT c.* INTO customer_ FROM app.customer_phone cp
        JOIN app.customer c ON c.id = cp.customer_id
        WHERE cp.phone = r ->> 'phone'
        ORDER BY c.active DESC, cp.is_primary DESC, c.id LIMIT 1;
        IF NOT FOUND THEN
            LOOP  -- imported customers may already use the generated code
                new_id := nextval(pg_get_serial_sequence('app.customer', 'id'));
                EXIT WHEN NOT EXISTS (SELECT FROM app.customer
                                      WHERE code = 'C' || lpad(new_id::text, 6, '0'));
            END LOOP;
            INSERT INTO app.customer (id, code, name, address, region_id, source)
            OVERRIDING SYSTEM VALUE
            VALUES (new_id, 'C' || lpad(new_id::text, 6, '0'), r ->> 'customer_name',
                    r ->> 'address', region_, left(r ->> 'dealer', 100))
            RETURNING * INTO customer_;
            INSERT INTO app.customer_phone (customer_id, phone, is_primary)
            VALUES (customer_.id, r ->> 'phone', true);
            customers_made := customers_made + 1;
        ELSIF (customer_.address = '' AND r ->> 'address' <> '')
              OR (customer_.region_id IS NULL AND region_ IS NOT NULL) THEN
            -- what the list knows and the record lacks fills it; nothing is overwritten
            UPDATE app.customer c SET
                address = CASE WHEN c.address = '' THEN r ->> 'address' ELSE c.address END,
                region_id = coalesce(c.region_id, region_)
            WHERE c.id = customer_.id RETURNING * INTO customer_;
        END IF;

        -- the device, when the row names one (a serial, or a model)
        device_ := NULL;
        IF r ->> 'serial' <> '' OR r ->> 'model' <> '' THEN
            SELECT d.id INTO device_ FROM app.device d
            WHERE d.customer_id = customer_.id AND CASE
                WHEN r ->> 'serial' <> '' THEN d.serial = r ->> 'serial'
                ELSE d.serial = '' AND d.brand = app.dictionary_value(r ->> 'brand')
                     AND d.model = app.dictionary_value(r ->> 'model')
                     AND d.purchase_date IS NOT DISTINCT FROM purchase_ END
            ORDER BY d.id LIMIT 1;
            IF NOT FOUND THEN
                INSERT INTO app.device (customer_id, product, brand, model, serial,
                                        purchase_date, purchase_place)
                VALUES (customer_.id, r ->> 'product', app.dictionary_value(r ->> 'brand'),
                        app.dictionary_value(r ->> 'model'), r ->> 'serial', purchase_,
                        left(r ->> 'dealer', 200))
                RETURNING id INTO device_;
                devices_made := devices_made + 1;
                PERFORM app.learn('brand', r ->> 'brand');
                PERFORM app.learn('model', r ->> 'model');
            END IF;
        END IF;

        product_ := left(concat_ws(' ', nullif(r ->> 'product', ''), nullif(r ->> 'brand', ''),
                                   nullif(r ->> 'model', '')), 100);
        IF EXISTS (SELECT FROM app.callback_task t
                   WHERE t.customer_id = customer_.id AND t.source = 'dealer'
                     AND t.kind = kind_ AND t.dealer = r ->> 'dealer'
                     AND t.device_id IS NOT DISTINCT FROM device_ AND t.product = product_
                     AND t.purchase_date IS NOT DISTINCT FROM purchase_) THEN
            skipped_rows := skipped_rows + 1;
            CONTINUE;
        END IF;
        due_ := coalesce((r ->> 'due_on')::date, greatest(today, purchase_ + delay_), today);
        INSERT INTO app.callback_task (kind, source, customer_id, device_id, region_id, dealer,
                                       product, purchase_date, import_batch_id, due_on,
                                       expires_on)
        VALUES (kind_, 'dealer', customer_.id, device_, coalesce(region_, customer_.region_id),
                r ->> 'dealer', product_, purchase_, batch_, due_, due_ + window_);
        tasks_made := tasks_made + 1;
    END LOOP;

    UPDATE app.callback_import_batch b SET tasks = tasks_made, customers_new = customers_made,
        devices_new = devices_made, skipped = skipped_rows WHERE b.id = batch_;
    IF tasks_made > 0 THEN
        PERFORM pg_notify('callbacks', jsonb_build_object('batch_id', batch_)::text);
    END IF;
    RETURN jsonb_build_object('batch_id', batch_, 'tasks', tasks_made,
                              'customers_new', customers_made, 'devices_new', devices_made,
                              'skipped', skipped_rows);
END
$fn$;

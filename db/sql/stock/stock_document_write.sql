-- The content of a stock document as an operator sent it (app.stock_document_save,
-- _post, _change call this; operators cannot): every value read as the type it must
-- be and checked against the kind's rules (app.stock_kind_rules), then written as the
-- draft p_id (NULL: a new draft). Refusals name the header field, or the line (1-based,
-- in the order sent) and its cell. The lines replace the draft's lines. Returns the id.
CREATE OR REPLACE FUNCTION app.stock_document_write(p jsonb, p_id bigint) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    kind_ text := app.arg_text(p ->> 'kind', 'kind', 30);
    rules jsonb := app.stock_kind_rules(kind_);
    warehouse_ bigint := app.arg_id(p ->> 'warehouse_id', 'warehouse');
    target_ bigint := app.arg_id(p ->> 'to_warehouse_id', 'to_warehouse');
    supplier_ text := coalesce(app.arg_text(p ->> 'supplier', 'supplier', 100), '');
    reason_ text := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    remarks_ text := coalesce(app.arg_text(p ->> 'remarks', 'remarks', 500), '');
    target_type text;
    line jsonb;
    n integer := 0;
    item_ bigint;
    quantity_ numeric;
    cost_ numeric;
    serial_ text;
    id_ bigint := p_id;
BEGIN
    IF rules IS NULL OR NOT (rules ->> 'typed')::boolean THEN
        PERFORM app.refuse('stock_kind_invalid');
    END IF;
    IF warehouse_ IS NULL THEN
        PERFORM app.refuse('stock_warehouse_required');
    END IF;
    IF NOT EXISTS (SELECT FROM app.warehouse WHERE id = warehouse_ AND active) THEN
        PERFORM app.arg_refusal('reference_missing', 'warehouse');
    END IF;
    IF rules ->> 'target' = 'none' AND target_ IS NOT NULL THEN
        PERFORM app.refuse('stock_target_not_allowed');
    ELSIF rules ->> 'target' = 'required' AND target_ IS NULL THEN
        PERFORM app.refuse('stock_target_required');
    END IF;
    IF target_ IS NOT NULL THEN
        SELECT type INTO target_type FROM app.warehouse WHERE id = target_ AND active;
        IF NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'to_warehouse');
        END IF;
        IF target_ = warehouse_ THEN
            PERFORM app.refuse('stock_target_same');
        END IF;
        IF rules ->> 'target_type' IS NOT NULL AND target_type <> rules ->> 'target_type' THEN
            PERFORM app.refuse(CASE rules ->> 'target_type'
                               WHEN 'scrap' THEN 'stock_target_not_scrap'
                               ELSE 'stock_target_not_returns' END);
        END IF;
    END IF;
    IF (rules ->> 'supplier')::boolean AND supplier_ = '' THEN
        PERFORM app.refuse('stock_supplier_required');
    END IF;
    IF (rules ->> 'reason')::boolean AND reason_ = '' THEN
        PERFORM app.refuse('stock_reason_required');
    END IF;
    IF jsonb_typeof(p -> 'lines') IS DISTINCT FROM 'array'
       OR jsonb_array_length(p -> 'lines') = 0 THEN
        PERFORM app.refuse('document_lines_required');
    END IF;
    IF jsonb_array_length(p -> 'lines') > 1000 THEN
        PERFORM app.refuse('stock_lines_too_many', '1000');
    END IF;

    IF id_ IS NULL THEN
        INSERT INTO app.stock_document (kind, warehouse_id, to_warehouse_id, supplier, reason,
                                        remarks, operation_id)
        VALUES (kind_, warehouse_, target_, supplier_, reason_, remarks_,
                app.arg_uuid(p ->> 'operation_id', 'operation_id'))
        RETURNING id INTO id_;
    ELSE
        UPDATE app.stock_document SET kind = kind_, warehouse_id = warehouse_,
            to_warehouse_id = target_, supplier = supplier_, reason = reason_,
            remarks = remarks_, updated_at = now(), updated_by = session_user,
            operation_id = coalesce(app.arg_uuid(p ->> 'operation_id', 'operation_id'),
                                    operation_id)
        WHERE id = id_;
        DELETE FROM app.stock_document_line WHERE document_id = id_;
    END IF;

    FOR line IN SELECT e FROM jsonb_array_elements(p -> 'lines') WITH ORDINALITY AS x(e, o)
                ORDER BY o LOOP
        n := n + 1;
        IF jsonb_typeof(line) IS DISTINCT FROM 'object' THEN
            PERFORM app.refuse('stock_line_item_missing', jsonb_build_object('line', n)::text);
        END IF;
        item_ := NULL;
        IF line ->> 'item_id' ~ '^[0-9]{1,18}$' THEN
            SELECT id INTO item_ FROM app.item WHERE id = (line ->> 'item_id')::bigint;
        END IF;
        IF item_ IS NULL THEN
            PERFORM app.refuse('stock_line_item_missing', jsonb_build_object('line', n)::text);
        END IF;
        quantity_ := app.as_number(line ->> 'quantity');
        IF quantity_ IS NULL OR quantity_ = 'NaN' OR quantity_ <= 0
           OR quantity_ >= 10000000000 OR quantity_ <> round(quantity_, 2) THEN
            PERFORM app.refuse('stock_line_quantity_invalid', jsonb_build_object('line', n)::text);
        END IF;
        cost_ := app.as_number(line ->> 'unit_cost');
        IF rules ->> 'cost' = 'none' THEN
            cost_ := NULL;  -- an issue is valued at the average when it is posted
        ELSIF cost_ IS NULL AND rules ->> 'cost' = 'required' THEN
            PERFORM app.refuse('stock_line_cost_required', jsonb_build_object('line', n)::text);
        ELSIF cost_ = 'NaN' OR cost_ < 0 OR cost_ >= 10000000000 OR cost_ <> round(cost_, 4) THEN
            PERFORM app.refuse('stock_line_cost_invalid', jsonb_build_object('line', n)::text);
        END IF;
        serial_ := nullif(btrim(line ->> 'serial'), '');
        IF length(serial_) > 100 THEN
            PERFORM app.refuse('stock_line_serial_too_long',
                               jsonb_build_object('line', n, 'max', 100)::text);
        END IF;
        INSERT INTO app.stock_document_line (document_id, line_no, item_id, quantity, unit_cost,
                                             amount, serial)
        VALUES (id_, n, item_, quantity_, cost_,
                CASE WHEN cost_ IS NOT NULL THEN round(quantity_ * cost_, 2) END, serial_);
    END LOOP;
    RETURN id_;
END
$fn$;

-- An inquiry (咨询): a call or a visit that is not a repair, logged against the customer
-- (revision 0021). {"customer_id"} for a known customer, or {"customer": {"name",
-- "phone", "address"?}} for a new one, made as the intake makes one
-- (app.intake_customer); "topic" (usage, price, part, other), "channel" (phone, visit),
-- "product", "question" (required), "answer". Every value is read through the app.arg_*
-- readers before anything is written. Counter (intake.create) or callback staff
-- (callback.record). Returns {"inquiry_id", "customer_id", "version"}.
CREATE OR REPLACE FUNCTION app.inquiry_log(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    customer_ bigint;
    who jsonb;
    name_ text;
    address_ text;
    topic_ text := coalesce(p ->> 'topic', 'other');
    channel_ text := coalesce(p ->> 'channel', 'phone');
    product_ text;
    question_ text;
    answer_ text;
    new_id bigint;
BEGIN
    IF NOT pg_has_role(session_user, 'as_cap_callback_record', 'MEMBER') THEN
        PERFORM app.need('intake.create');
    END IF;
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.refuse('inquiry_question_required', 'question');
    END IF;
    customer_ := app.arg_id(p ->> 'customer_id', 'customer');
    who := p -> 'customer';
    IF who IS NOT NULL AND jsonb_typeof(who) <> 'object' THEN
        who := NULL;
    END IF;
    name_ := coalesce(app.arg_text(who ->> 'name', 'customer_name', 100), '');
    address_ := coalesce(app.arg_text(who ->> 'address', 'address', 200), '');
    product_ := coalesce(app.arg_text(p ->> 'product', 'product', 100), '');
    question_ := app.arg_text(p ->> 'question', 'question', 500);
    answer_ := coalesce(app.arg_text(p ->> 'answer', 'answer', 1000), '');
    IF topic_ NOT IN ('usage', 'price', 'part', 'other') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'topic');
    END IF;
    IF channel_ NOT IN ('phone', 'visit') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'channel');
    END IF;
    IF app.is_blank(question_) THEN
        PERFORM app.refuse('inquiry_question_required', 'question');
    END IF;

    IF customer_ IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM app.customer WHERE id = customer_) THEN
            PERFORM app.refuse('customer_missing', 'customer');
        END IF;
    ELSE
        customer_ := (app.intake_customer(name_, who ->> 'phone', address_, NULL)).id;
    END IF;
    INSERT INTO app.inquiry (customer_id, topic, channel, product, question, answer)
    VALUES (customer_, topic_, channel_, product_, question_, answer_)
    RETURNING id INTO new_id;
    RETURN jsonb_build_object('inquiry_id', new_id, 'customer_id', customer_, 'version', 1);
END
$fn$;

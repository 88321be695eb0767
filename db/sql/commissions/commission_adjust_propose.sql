-- A reward or penalty by hand (奖惩登记): p = {"employee_id" | "outlet_id" (exactly one:
-- adjust_payee_required), "item_id" (a reward / penalty item, optional), "amount"
-- (signed money, rounded to the fen; optional when an item is given: the item's
-- amount), "reason" (required: adjust_reason_required; at most 200), "ticket_id" or
-- "ticket_number" (optional: the ticket it is about; an unknown number:
-- ticket_number_unknown)}. A `reward` (amount > 0) or `penalty` (< 0) line, origin manual, state
-- proposed (it counts once approved: app.commission_adjust_decide), in the open month.
-- Amount 0 is refused (adjust_amount_zero), and more than 99,999.99 either way
-- (field_out_of_range). Needs commission.settle, commission.view_all or review.approve.
-- Returns {"line_id", "period"}.
CREATE OR REPLACE FUNCTION app.commission_adjust_propose(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    employee_ bigint;
    outlet_ bigint;
    item_ bigint;
    ticket_ bigint;
    number_ text;
    amount_ numeric;
    reason_ text;
    item_amount numeric;
    period_ date;
    line_ bigint;
BEGIN
    PERFORM app.commission_adjust_need();
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'employee_id');
    END IF;
    employee_ := app.arg_id(p ->> 'employee_id', 'employee_id');
    outlet_ := app.arg_id(p ->> 'outlet_id', 'outlet_id');
    item_ := app.arg_id(p ->> 'item_id', 'item_id');
    ticket_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    number_ := nullif(upper(app.arg_text(p ->> 'ticket_number', 'ticket_number', 30)), '');
    amount_ := app.arg_money(p ->> 'amount', 'amount', true);
    reason_ := app.arg_text(p ->> 'reason', 'reason', 200);
    IF (employee_ IS NULL) = (outlet_ IS NULL) THEN
        PERFORM app.refuse('adjust_payee_required', '');
    END IF;
    IF employee_ IS NOT NULL
       AND NOT EXISTS (SELECT FROM app.employee e WHERE e.id = employee_) THEN
        PERFORM app.arg_refusal('reference_missing', 'employee_id');
    END IF;
    IF outlet_ IS NOT NULL
       AND NOT EXISTS (SELECT FROM app.service_outlet o WHERE o.id = outlet_) THEN
        PERFORM app.arg_refusal('reference_missing', 'outlet_id');
    END IF;
    IF item_ IS NOT NULL THEN
        SELECT i.amount INTO item_amount FROM app.reward_penalty_item i
        WHERE i.id = item_ AND i.active;
        IF NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'item_id');
        END IF;
    END IF;
    IF ticket_ IS NOT NULL AND NOT EXISTS (SELECT FROM app.ticket t WHERE t.id = ticket_) THEN
        PERFORM app.arg_refusal('reference_missing', 'ticket_id');
    END IF;
    IF ticket_ IS NULL AND number_ IS NOT NULL THEN
        SELECT t.id INTO ticket_ FROM app.ticket t WHERE t.number = number_;
        IF NOT FOUND THEN
            PERFORM app.refuse('ticket_number_unknown', number_);
        END IF;
    END IF;
    amount_ := coalesce(amount_, item_amount);
    IF amount_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'amount');
    END IF;
    IF amount_ = 0 THEN
        PERFORM app.refuse('adjust_amount_zero', '');
    END IF;
    IF abs(amount_) > 99999.99 THEN
        PERFORM app.arg_refusal('field_out_of_range', 'amount',
                                jsonb_build_object('min', -99999.99, 'max', 99999.99));
    END IF;
    IF app.is_blank(reason_) THEN
        PERFORM app.refuse('adjust_reason_required', '');
    END IF;
    period_ := app.commission_open_period(app.shop_today());
    INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin, state,
        source_key, ticket_id, item_id, amount, reason)
    VALUES (period_, employee_, outlet_, CASE WHEN amount_ > 0 THEN 'reward' ELSE 'penalty' END,
            'manual', 'proposed', 'manual:' || gen_random_uuid(), ticket_, item_, amount_,
            reason_)
    RETURNING id INTO line_;
    RETURN jsonb_build_object('line_id', line_, 'period', period_);
END
$fn$;

-- Approve or reject a reward or penalty proposed by hand: p = {"line_id", "approve"
-- (true / false, required), "note" (at most 200; required when rejecting:
-- adjust_note_required)}. Needs commission.settle. Only a proposed manual line
-- (adjust_not_proposed: decided already), and not by whoever proposed it (four eyes:
-- adjust_own_proposal). The line becomes active (it counts in its month) or rejected,
-- with decided_at / decided_by and the note. A settled month refuses
-- (commission_month_settled, by its lock). Returns {"line_id", "state", "period"}.
CREATE OR REPLACE FUNCTION app.commission_adjust_decide(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    l app.commission_line;
    line_ bigint;
    approve_ boolean;
    note_ text;
BEGIN
    PERFORM app.need('commission.settle');
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'line_id');
    END IF;
    line_ := app.arg_id(p ->> 'line_id', 'line_id');
    approve_ := app.arg_bool(p ->> 'approve', 'approve');
    note_ := coalesce(app.arg_text(p ->> 'note', 'note', 200), '');
    IF line_ IS NULL THEN
        PERFORM app.arg_refusal('reference_missing', 'line_id');
    END IF;
    IF approve_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'approve');
    END IF;
    SELECT * INTO l FROM app.commission_line x
    WHERE x.id = line_ AND x.origin = 'manual' FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'line_id');
    END IF;
    IF l.state <> 'proposed' THEN
        PERFORM app.refuse('adjust_not_proposed', l.state);
    END IF;
    IF l.created_by = session_user THEN
        PERFORM app.refuse('adjust_own_proposal', '');
    END IF;
    IF NOT approve_ AND app.is_blank(note_) THEN
        PERFORM app.refuse('adjust_note_required', '');
    END IF;
    UPDATE app.commission_line
    SET state = CASE WHEN approve_ THEN 'active' ELSE 'rejected' END,
        decided_at = now(), decided_by = session_user, decision_note = note_
    WHERE id = l.id RETURNING * INTO l;
    RETURN jsonb_build_object('line_id', l.id, 'state', l.state, 'period', l.period);
END
$fn$;

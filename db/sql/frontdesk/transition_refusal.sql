-- The first rule that refuses moving a ticket from p_current to p_target, or NULL when the
-- move is allowed: the same rules in the same order as domain/tickets.py
-- transition_refusal (tests/db/test_rules_agree.py runs both on every status pair).
-- The allowed moves are the rows of app.ticket_transition; a closed status is one no move
-- leads out of (app.ticket_is_closed, revision 0020: picked_up, cancelled, completed).
CREATE OR REPLACE FUNCTION app.transition_refusal(p_current text, p_target text,
    p_warranty_class text, p_quote_state text, p_quote_required boolean,
    p_rework_free boolean, p_settled boolean, p_may_release_unsettled boolean,
    p_reason text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (SELECT FROM app.ticket_transition t
                   WHERE p_current IN (t.from_status, t.to_status))
       OR NOT EXISTS (SELECT FROM app.ticket_transition t
                      WHERE p_target IN (t.from_status, t.to_status)) THEN
        RETURN 'unknown_status';
    END IF;
    IF p_target = p_current THEN
        RETURN 'unchanged';
    END IF;
    IF app.ticket_is_closed(p_current) THEN
        RETURN 'closed';
    END IF;
    IF NOT EXISTS (SELECT FROM app.ticket_transition t
                   WHERE t.from_status = p_current AND t.to_status = p_target) THEN
        RETURN 'not_allowed';
    END IF;
    IF p_target = 'in_repair' AND p_quote_required AND p_warranty_class = 'out_of_warranty'
       AND NOT p_rework_free AND p_quote_state IS DISTINCT FROM 'approved' THEN
        RETURN 'quote_required';
    END IF;
    IF p_target = 'cancelled' AND app.is_blank(p_reason) THEN
        RETURN 'cancel_reason_required';
    END IF;
    IF p_target = 'picked_up' AND NOT p_settled THEN
        IF NOT p_may_release_unsettled THEN
            RETURN 'unsettled';
        END IF;
        IF app.is_blank(p_reason) THEN
            RETURN 'release_reason_required';
        END IF;
    END IF;
    RETURN NULL;
END
$fn$;

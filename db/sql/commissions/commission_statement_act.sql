-- Confirm (确认) or reopen (反确认) one statement of an open month.
--
--   p: {statement_id, version (the statement's, as the screen read it),
--       action: "confirm" | "reopen"} -> the statement (app.commission_statement_row)
--
-- Needs commission.settle. Confirming takes a draft whose sums are those of its lines
-- now (else statement_stale: run the month again); reopening takes a confirmed one back
-- to draft, so that the month run computes it again. A settled statement is refused
-- (statement_state), and so is a version the statement no longer has
-- (statement_changed). The month's period row is locked (shared) before the statement,
-- the order the month run and the settling take.
CREATE OR REPLACE FUNCTION app.commission_statement_act(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    id_ bigint;
    version_ integer;
    action_ text;
    month_ date;
    st app.commission_statement;
    row_ jsonb;
BEGIN
    PERFORM app.need('commission.settle');
    id_ := app.arg_id(p ->> 'statement_id', 'statement_id');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2147483647);
    action_ := app.arg_text(p ->> 'action', 'action', 20);
    IF id_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'statement_id');
    END IF;
    IF version_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;
    IF action_ IS NULL OR action_ NOT IN ('confirm', 'reopen') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'action');
    END IF;
    SELECT s.period INTO month_ FROM app.commission_statement s WHERE s.id = id_;
    IF NOT FOUND THEN
        PERFORM app.refuse('statement_unknown', id_::text);
    END IF;
    PERFORM FROM app.commission_period c WHERE c.month = month_ FOR SHARE;
    SELECT * INTO st FROM app.commission_statement s WHERE s.id = id_ FOR UPDATE;
    IF st.state = 'settled' THEN
        PERFORM app.refuse('statement_state', st.state);
    END IF;
    IF st.version <> version_ THEN
        PERFORM app.refuse('statement_changed', st.payee_name);
    END IF;
    IF action_ = 'confirm' THEN
        IF st.state <> 'draft' THEN
            PERFORM app.refuse('statement_state', st.state);
        END IF;
        row_ := app.commission_statement_row(st);
        IF (row_ ->> 'stale')::boolean THEN
            PERFORM app.refuse('statement_stale', st.payee_name);
        END IF;
        UPDATE app.commission_statement s
        SET state = 'confirmed', confirmed_at = now(), confirmed_by = session_user
        WHERE s.id = id_ RETURNING * INTO st;
    ELSE
        IF st.state <> 'confirmed' THEN
            PERFORM app.refuse('statement_state', st.state);
        END IF;
        UPDATE app.commission_statement s
        SET state = 'draft', confirmed_at = NULL, confirmed_by = NULL
        WHERE s.id = id_ RETURNING * INTO st;
    END IF;
    RETURN app.commission_statement_row(st);
END
$fn$;

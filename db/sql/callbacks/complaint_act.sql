-- One step of a complaint's handling (revision 0021, capability complaint.handle; a note
-- also callback.record). p: {"complaint_id", "version" (the complaint's, as the screen
-- loaded it), "action", "owner"?, "note"?, "resolution"?, "customer_accepted"?}
-- - assign: "owner" (required) is an active operator holding complaint.handle;
-- - start: in progress; the caller owns it if nobody did;
-- - pause: waiting for the customer, the clock stops (paused_since);
-- - resume: the pause is added to paused_seconds and moves the deadline by as much;
-- - note: "note" required, the complaint itself does not change;
-- - resolve: "resolution" required (a running pause ends as with resume);
-- - close: "customer_accepted" required: true closes it, false reopens it (as reopen);
-- - reopen: in progress again, not accepted, a new deadline for its severity.
-- Which action each state takes is app.complaint_next_state (complaint_state otherwise).
-- Every step is an event (the optional note with it). Returns the complaint as the queue
-- lists it (app.complaint_rows).
CREATE OR REPLACE FUNCTION app.complaint_act(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    id_ bigint;
    version_ integer;
    action_ text;
    owner_ text;
    note_ text;
    resolution_ text;
    accepted_ boolean;
    c app.complaint;
    next_ text;
    pause_ interval;
    event_ text;
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'complaint_id');
    END IF;
    action_ := app.arg_text(p ->> 'action', 'action', 20);
    IF action_ IS NULL OR action_ NOT IN ('assign', 'start', 'pause', 'resume', 'note',
                                          'resolve', 'reopen', 'close') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'action');
    END IF;
    PERFORM app.complaint_need(CASE WHEN action_ = 'note' THEN '{callback.record}'::text[]
                                    ELSE '{}' END);
    id_ := app.arg_id(p ->> 'complaint_id', 'complaint_id');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2000000000);
    owner_ := nullif(app.arg_text(p ->> 'owner', 'owner', 63), '');
    note_ := coalesce(app.arg_text(p ->> 'note', 'note', 500), '');
    resolution_ := app.arg_text(p ->> 'resolution', 'resolution', 1000);
    accepted_ := app.arg_bool(p ->> 'customer_accepted', 'customer_accepted');
    IF id_ IS NULL THEN
        PERFORM app.refuse('complaint_missing');
    END IF;
    IF version_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;

    SELECT * INTO c FROM app.complaint x WHERE x.id = id_ FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('complaint_missing', id_::text);
    END IF;
    IF version_ <> c.version THEN
        PERFORM app.refuse('document_stale', (
            SELECT e.by_operator || '|' || e.at::text FROM app.complaint_event e
            WHERE e.complaint_id = c.id ORDER BY e.id DESC LIMIT 1));
    END IF;
    next_ := app.complaint_next_state(c.state, action_);
    IF next_ IS NULL THEN
        PERFORM app.refuse('complaint_state', c.state);
    END IF;
    event_ := action_;
    -- the pause running until now, if any (resume and resolve end it)
    pause_ := greatest(now() - c.paused_since, interval '0');

    IF action_ = 'assign' THEN
        IF owner_ IS NULL OR NOT app.complaint_owner_valid(owner_) THEN
            PERFORM app.refuse('complaint_owner_unknown', coalesce(owner_, ''));
        END IF;
        UPDATE app.complaint SET owner = owner_ WHERE id = c.id;
    ELSIF action_ = 'start' THEN
        owner_ := coalesce(c.owner, session_user);
        UPDATE app.complaint SET state = next_, owner = owner_ WHERE id = c.id;
    ELSIF action_ = 'pause' THEN
        UPDATE app.complaint SET state = next_, paused_since = now() WHERE id = c.id;
    ELSIF action_ = 'resume' THEN
        UPDATE app.complaint
        SET state = next_, paused_since = NULL, deadline_at = deadline_at + pause_,
            paused_seconds = paused_seconds + ceil(extract(epoch FROM pause_))::integer
        WHERE id = c.id;
    ELSIF action_ = 'note' THEN
        IF app.is_blank(note_) THEN
            PERFORM app.arg_refusal('field_required', 'note');
        END IF;
    ELSIF action_ = 'resolve' THEN
        IF app.is_blank(resolution_) THEN
            PERFORM app.refuse('complaint_resolution_required');
        END IF;
        UPDATE app.complaint
        SET state = next_, resolution = resolution_, resolved_at = now(),
            resolved_by = session_user, paused_since = NULL,
            deadline_at = deadline_at + coalesce(pause_, interval '0'),
            paused_seconds = paused_seconds
                             + coalesce(ceil(extract(epoch FROM pause_))::integer, 0)
        WHERE id = c.id;
    ELSIF action_ = 'close' AND accepted_ IS NULL THEN
        PERFORM app.refuse('complaint_acceptance_required');
    ELSIF action_ = 'close' AND accepted_ THEN
        UPDATE app.complaint SET state = next_, customer_accepted = true, closed_at = now()
        WHERE id = c.id;
    ELSE  -- reopen, or a close the customer does not accept
        event_ := 'reopen';
        UPDATE app.complaint
        SET state = 'in_progress', customer_accepted = false, resolved_at = NULL,
            resolved_by = NULL, deadline_at = app.complaint_deadline(severity, now())
        WHERE id = c.id;
    END IF;
    PERFORM app.complaint_event_add(c.id, event_, note_, c.escalation_level,
                                    CASE WHEN event_ IN ('assign', 'start') THEN owner_ END);
    RETURN app.complaint_rows(ARRAY[c.id]) -> 0;
END
$fn$;

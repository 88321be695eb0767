-- Assign a ticket's work to a technician or a service outlet (外协), or change the
-- assignment (revision 0018, capability dispatch.assign). One call does all of it:
-- - no active job: a new job (assigned), event 'assign';
-- - an active job (assigned or started; `version` must be the job's): another assignee
--   is a reassign and needs `reason` (event 'reassign', the job row stays, its assignee
--   changes); the same technician at another time is a reschedule (event 'reschedule');
-- - an on-site ticket's technician job books a visit [visit_start, visit_end), at most
--   24 hours, blocking the technician for the travel buffer after it (app.visit_book:
--   a clash is refused as visit_overlap); the job's planned visit is cancelled first;
--   outlets and carry-in jobs take no visit (the times are not read);
-- - a technician must be active and marked as technician, and may do the work type and
--   cover the ticket's region (app.dispatch_mismatch) unless `override_reason` is
--   given: kept on the job and written as an 'override' event (the change log has both);
--   rescheduling the same technician for the same work keeps the override given before;
--   outlets take no skill check;
-- - the ticket keeps the assignment: technician_id (NULL for an outlet), work_type_id
--   and, with a visit, appointment_at.
-- Lock order: the ticket row, then its job (every job write takes them in this order).
-- p: {"ticket_id", "technician_id" | "outlet_id", "visit_start"?, "visit_end"?,
--     "work_type_id"? (default the ticket's), "override_reason"?, "reason"?, "version"?}
CREATE OR REPLACE FUNCTION app.dispatch_assign(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    ticket_id_ bigint;
    technician_ bigint;
    outlet_ bigint;
    start_ timestamptz;
    end_ timestamptz;
    work_type_ bigint;
    override_ text;
    reason_ text;
    version_ integer;
    t app.ticket;
    j app.job;
    e app.employee;
    o app.service_outlet;
    mismatch_ text;
    wants_visit boolean;
    old_visit app.visit;
    job_ bigint;
    kind_ text;
BEGIN
    PERFORM app.dispatch_call(p);
    ticket_id_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    technician_ := app.arg_id(p ->> 'technician_id', 'technician_id');
    outlet_ := app.arg_id(p ->> 'outlet_id', 'outlet_id');
    start_ := app.arg_time(p ->> 'visit_start', 'visit_start');
    end_ := app.arg_time(p ->> 'visit_end', 'visit_end');
    work_type_ := app.arg_id(p ->> 'work_type_id', 'work_type_id');
    override_ := coalesce(app.arg_text(p ->> 'override_reason', 'override_reason', 200), '');
    reason_ := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2147483647);
    IF ticket_id_ IS NULL THEN
        PERFORM app.refuse('ticket_missing');
    END IF;
    IF (technician_ IS NULL) = (outlet_ IS NULL) THEN
        PERFORM app.refuse('dispatch_assignee_required');
    END IF;

    SELECT * INTO t FROM app.ticket WHERE id = ticket_id_ FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('ticket_missing', ticket_id_::text);
    END IF;
    IF t.status IN ('picked_up', 'cancelled', 'completed') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    SELECT * INTO j FROM app.job
    WHERE ticket_id = t.id AND state IN ('assigned', 'started') FOR UPDATE;
    IF FOUND AND version_ IS DISTINCT FROM j.version THEN
        PERFORM app.refuse('job_stale');
    END IF;
    IF j.id IS NULL AND version_ IS NOT NULL THEN
        -- the screen showed an active job that was finished or unassigned meanwhile
        PERFORM app.refuse('job_not_active');
    END IF;

    work_type_ := coalesce(work_type_, t.work_type_id);
    IF work_type_ IS DISTINCT FROM t.work_type_id
       AND NOT EXISTS (SELECT FROM app.work_type w WHERE w.id = work_type_ AND w.active) THEN
        PERFORM app.arg_refusal('reference_missing', 'work_type_id');
    END IF;
    wants_visit := technician_ IS NOT NULL AND t.visit = 'on_site';
    IF technician_ IS NOT NULL THEN
        SELECT * INTO e FROM app.employee WHERE id = technician_;
        IF NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'technician_id');
        END IF;
        IF NOT (e.active AND e.is_technician) THEN
            PERFORM app.refuse('technician_inactive', e.name);
        END IF;
        mismatch_ := app.dispatch_mismatch(e.id, work_type_, t.region_id);
        IF mismatch_ IS NOT NULL AND app.is_blank(override_)
           AND j.technician_id = e.id AND j.work_type_id IS NOT DISTINCT FROM work_type_
           AND j.override_reason <> '' THEN
            -- the same technician for the same work: the override given then still holds
            -- (a reschedule need not repeat it)
            override_ := j.override_reason;
        END IF;
        IF mismatch_ IS NOT NULL AND app.is_blank(override_) THEN
            PERFORM app.refuse(mismatch_, jsonb_build_object(
                'technician', e.name,
                'work_type', (SELECT w.name FROM app.work_type w WHERE w.id = work_type_),
                'region', (SELECT r.name FROM app.region r WHERE r.id = t.region_id))::text);
        END IF;
        IF mismatch_ IS NULL THEN
            override_ := '';
        END IF;
    ELSE
        SELECT * INTO o FROM app.service_outlet WHERE id = outlet_;
        IF NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'outlet_id');
        END IF;
        IF NOT o.active THEN
            PERFORM app.refuse('outlet_inactive', o.name);
        END IF;
        override_ := '';
    END IF;
    IF wants_visit THEN
        IF start_ IS NULL OR end_ IS NULL THEN
            PERFORM app.refuse('visit_required');
        END IF;
        IF end_ <= start_ OR end_ - start_ > interval '24 hours' THEN
            PERFORM app.refuse('visit_range', '24');
        END IF;
    ELSE
        start_ := NULL;
        end_ := NULL;
    END IF;

    IF j.id IS NULL THEN
        INSERT INTO app.job (ticket_id, assignee_kind, technician_id, outlet_id,
                             work_type_id, override_reason)
        VALUES (t.id, CASE WHEN technician_ IS NULL THEN 'outlet' ELSE 'technician' END,
                technician_, outlet_, work_type_, override_)
        RETURNING id INTO job_;
        kind_ := 'assign';
    ELSE
        job_ := j.id;
        SELECT * INTO old_visit FROM app.visit
        WHERE job_id = j.id AND state = 'planned' FOR UPDATE;
        IF j.technician_id IS NOT DISTINCT FROM technician_
           AND j.outlet_id IS NOT DISTINCT FROM outlet_ THEN
            kind_ := CASE
                WHEN old_visit.id IS NOT NULL AND start_ IS NOT NULL
                     AND old_visit.during = tstzrange(start_, end_, '[)') THEN NULL
                WHEN old_visit.id IS NULL AND start_ IS NULL THEN NULL
                ELSE 'reschedule' END;
        ELSE
            IF app.is_blank(reason_) THEN
                PERFORM app.refuse('dispatch_reason_required', coalesce(
                    (SELECT x.name FROM app.employee x WHERE x.id = j.technician_id),
                    (SELECT x.name FROM app.service_outlet x WHERE x.id = j.outlet_id)));
            END IF;
            kind_ := 'reassign';
        END IF;
        IF kind_ IS NOT NULL AND old_visit.id IS NOT NULL THEN
            UPDATE app.visit SET state = 'cancelled',
                cancel_reason = CASE WHEN app.is_blank(reason_) THEN kind_ ELSE reason_ END
            WHERE id = old_visit.id;
        END IF;
        UPDATE app.job SET
            assignee_kind = CASE WHEN technician_ IS NULL THEN 'outlet' ELSE 'technician' END,
            technician_id = technician_, outlet_id = outlet_, work_type_id = work_type_,
            override_reason = CASE WHEN kind_ = 'reassign' OR mismatch_ IS NOT NULL
                                   THEN override_ ELSE override_reason END,
            assigned_at = CASE WHEN kind_ = 'reassign' THEN now() ELSE assigned_at END,
            assigned_by = CASE WHEN kind_ = 'reassign' THEN session_user
                               ELSE assigned_by END
        WHERE id = j.id;
    END IF;

    IF kind_ IS NOT NULL AND start_ IS NOT NULL THEN
        PERFORM app.visit_book(job_, t.id, technician_, start_, end_);
    END IF;
    IF kind_ IS NOT NULL THEN
        INSERT INTO app.job_event (job_id, ticket_id, kind, technician_id, outlet_id, reason)
        VALUES (job_, t.id, kind_, technician_, outlet_, reason_);
    END IF;
    IF mismatch_ IS NOT NULL AND (kind_ IN ('assign', 'reassign')
                                  OR override_ IS DISTINCT FROM j.override_reason) THEN
        INSERT INTO app.job_event (job_id, ticket_id, kind, technician_id, outlet_id, reason)
        VALUES (job_, t.id, 'override', technician_, outlet_, override_);
    END IF;

    UPDATE app.ticket SET technician_id = technician_, work_type_id = work_type_,
        appointment_at = coalesce(start_, appointment_at)
    WHERE id = t.id
      AND (technician_id, work_type_id, appointment_at)
          IS DISTINCT FROM (technician_, work_type_, coalesce(start_, appointment_at));
    -- other clients' boards, ticket tabs and status boards hear it (LISTEN aftersales_tickets)
    PERFORM app.ticket_changed(ticket_id_, 'dispatch');
    RETURN app.dispatch_result(job_);
END
$fn$;

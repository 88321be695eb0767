-- BEFORE INSERT, UPDATE or DELETE on app.requisition_line: a review freezes the parts its
-- job used (issue #12: "review freezes the work report and the requisitions"). A line
-- made before a review of a job of its ticket cannot change or go; a new line is refused
-- while the ticket's latest job is reviewed (app.requisition_reviewed). Undoing the
-- review (app.job_unreview, review.undo and a reason) opens both again; a new job on the
-- ticket takes new lines, and changes its own. Whoever writes the line (the requisition
-- editor, psql through a function), the refusal is the same: requisition_frozen with the
-- ticket's number.
CREATE OR REPLACE FUNCTION app.requisition_line_frozen() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF app.requisition_reviewed(NEW.ticket_id) THEN
            PERFORM app.refuse('requisition_frozen',
                               (SELECT t.number FROM app.ticket t WHERE t.id = NEW.ticket_id));
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT FROM app.job j WHERE j.ticket_id = OLD.ticket_id
               AND j.state = 'reviewed' AND OLD.created_at <= j.reviewed_at) THEN
        PERFORM app.refuse('requisition_frozen',
                           (SELECT t.number FROM app.ticket t WHERE t.id = OLD.ticket_id));
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

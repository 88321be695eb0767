-- AFTER UPDATE OF state ON app.job: a job reviewed makes its commission lines
-- (app.commission_job_lines); a reviewed job reopened takes them back
-- (app.commission_job_reopened). In the review's own transaction: a review that cannot
-- make its lines (a settled month's lock, say) is refused as a whole. SECURITY DEFINER:
-- nobody writes the lines but these functions.
CREATE OR REPLACE FUNCTION app.commission_job_reviewed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NEW.state = 'reviewed' AND OLD.state IS DISTINCT FROM 'reviewed' THEN
        PERFORM app.commission_job_lines(NEW.id);
    ELSIF OLD.state = 'reviewed' AND NEW.state IS DISTINCT FROM 'reviewed' THEN
        PERFORM app.commission_job_reopened(NEW.id);
    END IF;
    RETURN NULL;
END
$fn$;

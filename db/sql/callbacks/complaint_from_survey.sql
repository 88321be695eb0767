-- The complaint a survey's low score opens, in the survey's own transaction (called by
-- app.survey_record and app.survey_amend once the answers are stored; internal): when
-- the survey's lowest score is at or below the shop's complaint_score_threshold (2), and
-- neither this survey nor an earlier survey of its task (one it corrects) has a complaint
-- still open, a complaint from source 'survey': severity high for a 1, else normal; the
-- summary names the low questions and their scores ("Service attitude 1/5; Timeliness
-- 2/5"), the details are the customer's suggestion and the notes; customer, ticket,
-- technician and task are the survey's. Returns the complaint's id, or NULL when none
-- was opened.
CREATE OR REPLACE FUNCTION app.complaint_from_survey(p_survey_id bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s record;
    setting_ jsonb := app.setting('complaint_score_threshold');
    threshold_ integer := 2;
    lowest_ integer;
    summary_ text;
    c app.complaint;
BEGIN
    IF jsonb_typeof(setting_) = 'number' AND setting_::text ~ '^[0-5]$' THEN
        threshold_ := setting_::text::integer;
    END IF;
    SELECT v.id, v.task_id, v.ticket_id, v.technician_id, v.customer_id, v.suggestion,
           v.notes
    INTO s FROM app.survey v WHERE v.id = p_survey_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT min(a.score),
           string_agg(q.label || ' ' || a.score || '/5', '; ' ORDER BY q.sort_order, q.id)
               FILTER (WHERE a.score <= threshold_)
    INTO lowest_, summary_
    FROM app.survey_answer a JOIN app.survey_question q ON q.id = a.question_id
    WHERE a.survey_id = p_survey_id AND a.score IS NOT NULL;
    IF lowest_ IS NULL OR lowest_ > threshold_
       OR EXISTS (SELECT FROM app.complaint x
                  WHERE x.survey_id = p_survey_id
                     OR (x.source = 'survey' AND x.task_id = s.task_id
                         AND x.state <> 'closed')) THEN
        RETURN NULL;
    END IF;
    c.customer_id := s.customer_id;
    c.ticket_id := s.ticket_id;
    c.technician_id := s.technician_id;
    c.survey_id := s.id;
    c.task_id := s.task_id;
    c.source := 'survey';
    c.severity := CASE WHEN lowest_ <= 1 THEN 'high' ELSE 'normal' END;
    c.summary := left(summary_, 200);
    c.details := left(concat_ws(E'\n', nullif(btrim(s.suggestion), ''),
                                nullif(btrim(s.notes), '')), 1000);
    c := app.complaint_insert(c);
    RETURN c.id;
END
$fn$;

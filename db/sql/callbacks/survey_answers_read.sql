-- A survey's answers as sent (p = [{"question_id", "score", "answer"}, ...]), read and
-- checked for app.survey_record and app.survey_amend: each question exists, at most once
-- (reference_missing, field_malformed); a score is a whole number 1 to 5
-- (survey_score_range), given for every active score question (survey_incomplete); an
-- answer text at most 500 characters. Returns the rows to insert (an answer with
-- neither a score nor a text is left out).
CREATE OR REPLACE FUNCTION app.survey_answers_read(p jsonb)
RETURNS TABLE (question_id bigint, score smallint, answer text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    item_ jsonb;
    question_ bigint;
    score_text_ text;
    questions_ bigint[] := '{}';
    kind_ text;
    missing_ text;
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'array' OR jsonb_array_length(p) > 100 THEN
        PERFORM app.arg_refusal('field_malformed', 'answers');
    END IF;
    FOR item_ IN SELECT x FROM jsonb_array_elements(p) x LOOP
        IF jsonb_typeof(item_) <> 'object' THEN
            PERFORM app.arg_refusal('field_malformed', 'answers');
        END IF;
        question_ := app.arg_id(item_ ->> 'question_id', 'answers');
        SELECT q.kind INTO kind_ FROM app.survey_question q WHERE q.id = question_;
        IF question_ IS NULL OR NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'answers');
        END IF;
        IF question_ = ANY (questions_) THEN
            PERFORM app.arg_refusal('field_malformed', 'answers');
        END IF;
        questions_ := questions_ || question_;
        question_id := question_;
        score_text_ := nullif(btrim(item_ ->> 'score'), '');
        IF score_text_ IS NOT NULL AND (kind_ <> 'score' OR score_text_ !~ '^[1-5]$') THEN
            PERFORM app.refuse('survey_score_range', jsonb_build_object(
                'field', 'score', 'min', 1, 'max', 5)::text);
        END IF;
        score := score_text_::smallint;
        answer := coalesce(app.arg_text(item_ ->> 'answer', 'answer', 500), '');
        IF score IS NOT NULL OR answer <> '' THEN
            RETURN NEXT;
        END IF;
    END LOOP;
    SELECT string_agg(q.code, ', ' ORDER BY q.sort_order, q.id) INTO missing_
    FROM app.survey_question q
    WHERE q.active AND q.kind = 'score' AND NOT EXISTS (
        SELECT FROM jsonb_array_elements(p) x
        WHERE x ->> 'question_id' = q.id::text AND nullif(btrim(x ->> 'score'), '') IS NOT NULL);
    IF missing_ IS NOT NULL THEN
        PERFORM app.refuse('survey_incomplete', missing_);
    END IF;
END
$fn$;

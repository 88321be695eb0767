-- The lock of a settled month (a paid month never changes): BEFORE INSERT, UPDATE or
-- DELETE of a row of app.commission_line (and of app.commission_statement) whose old or
-- new period is settled -> commission_month_settled; BEFORE UPDATE or DELETE of a
-- settled app.commission_period row -> the same (settling it, open -> settled, is the
-- last update it takes); BEFORE TRUNCATE of these tables once any month is settled.
-- Triggers run for the table's owner too: no write touches a settled month, whoever
-- tries. The period row is read FOR SHARE: a month being settled (its row locked for
-- update by the settle) makes a writer wait and then see it settled, and a settle waits
-- for the writers that already put rows into the month.
CREATE OR REPLACE FUNCTION app.commission_locked() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    months date[];
    settled_ date;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        SELECT p.month INTO settled_ FROM app.commission_period p
        WHERE p.state = 'settled' ORDER BY p.month LIMIT 1;
        IF FOUND THEN
            PERFORM app.refuse('commission_month_settled', to_char(settled_, 'YYYY-MM'));
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'commission_period' THEN
        IF OLD.state = 'settled' THEN
            PERFORM app.refuse('commission_month_settled', to_char(OLD.month, 'YYYY-MM'));
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    months := ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN (to_jsonb(OLD) ->> 'period')::date END,
                    CASE WHEN TG_OP <> 'DELETE' THEN (to_jsonb(NEW) ->> 'period')::date END];
    PERFORM FROM app.commission_period p WHERE p.month = ANY (months) ORDER BY p.month
    FOR SHARE;
    SELECT min(p.month) INTO settled_ FROM app.commission_period p
    WHERE p.month = ANY (months) AND p.state = 'settled';
    IF settled_ IS NOT NULL THEN
        PERFORM app.refuse('commission_month_settled', to_char(settled_, 'YYYY-MM'));
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

-- Failed logins, read back from the server's own log into audit.login_event.
--
-- A login that fails never reaches the database as its operator, so nothing the client
-- sends can record it; PostgreSQL itself logs it (FATAL, SQLSTATE 28P01 wrong password or
-- unknown role, 28000 login not permitted) with the user, database and client address.
-- This function reads the JSON log's new lines (jsonlog, PostgreSQL 15+) and records
-- each failure of this database once: event 'failed', the code that was tried, the time
-- and address the server logged. The server never logs the password typed.
--
-- Owned by as_log_reader, the one role that may read the log (EXECUTE on pg_ls_logdir,
-- pg_current_logfile and pg_read_binary_file, granted by the cluster superuser in
-- provisioning, server/provision.py). It takes no argument: the only files it opens are
-- the JSON files the log directory lists. Where the server writes no JSON log or the role
-- holds no such grant (a shop's own PostgreSQL not yet configured, docs/security.md) it
-- records nothing and says why in 'note'; it never fails the caller (session_start).
--
-- Idempotent twice over: audit.server_log_read remembers how far each file was read (a
-- hash of its first bytes tells a file truncated and rewritten a week later), and each
-- log line's session_id:line_num is unique in login_event. It reads 64 kB at a time for
-- at most 30 ms a call, so a login never waits long; a log that grew by more is caught up
-- by the next calls (each login, each load of the login history), and the answer says
-- 'behind'. A database that has never read the log starts 1 MB before each file's end.
CREATE OR REPLACE FUNCTION app.record_failed_logins() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    chunk_size constant integer := 65536;
    lookback constant bigint := 1048576;
    time_budget constant interval := '30 milliseconds';
    head_size constant integer := 256;
    began timestamptz := clock_timestamp();
    directory text;
    this_database text;
    never_read boolean;
    logfile record;
    known audit.server_log_read;
    head text;
    read_to bigint;
    cut_line boolean;
    chunk bytea;
    skipped integer;
    lines text[];
    complete integer;
    consumed bigint;
    matched text[];
    batch text[];
    one_by_one boolean;
    i integer;
    added integer;
    recorded integer := 0;
    behind boolean := false;
BEGIN
    IF current_setting('logging_collector') <> 'on'
       OR NOT 'jsonlog' = ANY (string_to_array(
           replace(current_setting('log_destination'), ' ', ''), ',')) THEN
        RETURN jsonb_build_object('recorded', 0, 'readable', false, 'note',
            'failed logins are not recorded: the server writes no JSON log '
            '(logging_collector = on, log_destination = ''jsonlog''; docs/security.md)');
    END IF;
    IF NOT (has_function_privilege('pg_catalog.pg_ls_logdir()', 'EXECUTE')
            AND has_function_privilege('pg_catalog.pg_current_logfile(text)', 'EXECUTE')
            AND has_function_privilege(
                'pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)', 'EXECUTE'))
    THEN
        RETURN jsonb_build_object('recorded', 0, 'readable', false, 'note',
            'failed logins are not recorded: as_log_reader may not read the server log '
            '(aftersales-server upgrade as the superuser grants it; docs/security.md)');
    END IF;

    BEGIN
        -- one reader at a time, so two logins never read the same lines
        LOCK TABLE audit.server_log_read IN EXCLUSIVE MODE;
        directory := regexp_replace(pg_current_logfile('jsonlog'), '[^/]*$', '');
        IF directory IS NULL THEN
            RETURN jsonb_build_object('recorded', 0, 'readable', false, 'note',
                'failed logins are not recorded: the server has no JSON log file open yet');
        END IF;
        -- "dbname":"<this database>" as it stands in a line of the escaped text below
        this_database := encode(convert_to('"dbname":' || to_json(current_database())::text,
                                           'UTF8'), 'escape');
        never_read := NOT EXISTS (SELECT FROM audit.server_log_read);
        DELETE FROM audit.server_log_read r
        WHERE NOT EXISTS (SELECT FROM pg_ls_logdir() d WHERE d.name = r.file);

        <<files>>
        FOR logfile IN
            SELECT d.name, d.size FROM pg_ls_logdir() d
            WHERE d.name LIKE '%.json' AND d.size >= head_size
            ORDER BY d.modification, d.name
        LOOP
            head := md5(pg_read_binary_file(directory || logfile.name, 0, head_size, true));
            SELECT * INTO known FROM audit.server_log_read r WHERE r.file = logfile.name;
            cut_line := false;
            IF FOUND AND known.head = head AND known.read_to <= logfile.size THEN
                read_to := known.read_to;
            ELSIF never_read AND logfile.size > lookback THEN
                -- from the byte before, so that a cut at a line's start loses nothing
                read_to := logfile.size - lookback - 1;
                cut_line := true;
            ELSE
                read_to := 0;  -- new, or truncated and written again since
            END IF;

            WHILE read_to < logfile.size LOOP
                IF clock_timestamp() - began > time_budget THEN
                    behind := true;
                    EXIT;
                END IF;
                chunk := pg_read_binary_file(directory || logfile.name, read_to,
                                             least(logfile.size - read_to, chunk_size), true);
                IF cut_line THEN  -- drop the part line before the first line break
                    skipped := position('\x0a'::bytea IN chunk);
                    chunk := substring(chunk FROM skipped + 1);
                    read_to := read_to + skipped;
                    cut_line := skipped = 0;
                END IF;
                -- 'escape' keeps every byte (a user name need not be valid UTF-8) and
                -- leaves line breaks as they are; the last part is a line not yet ended
                lines := string_to_array(encode(chunk, 'escape'), E'\n');
                complete := cardinality(lines) - 1;
                consumed := length(chunk) - length(decode(lines[cardinality(lines)], 'escape'));
                IF complete = 0 THEN
                    -- a line longer than a chunk is a long statement, not a failed login:
                    -- pass it; a line still being written waits for the next call
                    EXIT WHEN read_to + length(chunk) >= logfile.size;
                    consumed := length(chunk);
                    cut_line := true;
                END IF;

                -- this database's failures only; the JSON is parsed for those lines
                -- alone, all in one statement, and one by one only if one is unreadable
                matched := ARRAY(SELECT l FROM unnest(lines[1:complete]) l
                                 WHERE strpos(l, '"state_code":"28') > 0
                                   AND strpos(l, this_database) > 0);
                one_by_one := false;
                i := 0;
                WHILE cardinality(matched) > 0 LOOP
                    IF one_by_one THEN
                        i := i + 1;
                        EXIT WHEN i > cardinality(matched);
                        batch := matched[i:i];
                    ELSE
                        batch := matched;
                    END IF;
                    BEGIN
                        -- parsed once per line (not once per field it is read for)
                        WITH parsed AS MATERIALIZED (
                            SELECT convert_from(decode(l, 'escape'), 'UTF8')::jsonb AS e
                            FROM unnest(batch) l)
                        INSERT INTO audit.login_event
                            (at, operator, event, workstation, application, client_addr,
                             log_line)
                        SELECT
                            -- the log writes its zone's abbreviation (CST is ambiguous):
                            -- read the wall time back in that zone
                            regexp_replace(e->>'timestamp', ' \S+$', '')::timestamp
                                AT TIME ZONE current_setting('log_timezone'),
                            left(e->>'user', 100), 'failed',
                            CASE WHEN e->>'remote_host' ~ '^[0-9A-Fa-f:.]+$' THEN ''
                                 ELSE left(coalesce(e->>'remote_host', ''), 100) END,
                            left(coalesce(e->>'application_name', ''), 100),
                            CASE WHEN e->>'remote_host' ~ '^[0-9A-Fa-f:.]+$'
                                 THEN (e->>'remote_host')::inet END,
                            (e->>'session_id') || ':' || (e->>'line_num')
                        FROM parsed
                        WHERE e->>'dbname' = current_database()
                          AND e->>'error_severity' = 'FATAL'
                          AND e->>'state_code' IN ('28P01', '28000')
                          AND coalesce(e->>'user', '') <> ''
                        ON CONFLICT DO NOTHING;
                        GET DIAGNOSTICS added = ROW_COUNT;
                        recorded := recorded + added;
                    EXCEPTION WHEN OTHERS THEN
                        IF NOT one_by_one THEN
                            one_by_one := true;  -- find the line that is not JSON
                            CONTINUE;
                        END IF;  -- that line records nothing
                    END;
                    EXIT WHEN NOT one_by_one;
                END LOOP;
                read_to := read_to + consumed;
            END LOOP;

            -- written only when it moved: a call that finds nothing new writes nothing
            INSERT INTO audit.server_log_read AS r (file, head, read_to, read_at)
            VALUES (logfile.name, head, read_to, clock_timestamp())
            ON CONFLICT (file) DO UPDATE
                SET head = EXCLUDED.head, read_to = EXCLUDED.read_to, read_at = EXCLUDED.read_at
                WHERE (r.head, r.read_to) IS DISTINCT FROM (EXCLUDED.head, EXCLUDED.read_to);
            EXIT files WHEN behind;
        END LOOP;
    EXCEPTION WHEN OTHERS THEN
        RETURN jsonb_build_object('recorded', 0, 'readable', false,
                                  'note', 'failed logins could not be read: ' || SQLERRM);
    END;
    RETURN jsonb_build_object('recorded', recorded, 'readable', true, 'behind', behind);
END
$fn$;

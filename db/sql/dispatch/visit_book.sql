-- Book a technician's on-site visit for a job (revision 0018): [p_start, p_end), blocking
-- the technician until p_end plus the shop's travel buffer (setting
-- travel_buffer_minutes, 0-240). The exclusion constraint visit_no_double_booking is the
-- guard: of two dispatchers booking overlapping times at once, the second waits for the
-- first to commit and then fails on it. That failure, or a clash with a visit booked
-- earlier, is refused as visit_overlap naming the ticket and the time it clashes with,
-- on the shop's clock. The caller has checked the range (app.dispatch_assign).
CREATE OR REPLACE FUNCTION app.visit_book(p_job bigint, p_ticket bigint, p_technician bigint,
                                          p_start timestamptz, p_end timestamptz)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    setting_ jsonb := app.setting('travel_buffer_minutes');
    buffer_ integer := 30;
    blocked_ tstzrange;
    zone_ text := coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai');
    visit_ bigint;
    clash_ record;
BEGIN
    IF setting_ IS NOT NULL THEN
        IF jsonb_typeof(setting_) <> 'number' OR setting_::text !~ '^[0-9]{1,3}$'
           OR setting_::text::integer > 240 THEN
            PERFORM app.refuse('setting_invalid', jsonb_build_object(
                'setting', 'travel_buffer_minutes', 'value', left(setting_::text, 20))::text);
        END IF;
        buffer_ := setting_::text::integer;
    END IF;
    blocked_ := tstzrange(p_start, p_end + make_interval(mins => buffer_), '[)');
    BEGIN
        INSERT INTO app.visit (job_id, ticket_id, technician_id, during, blocked)
        VALUES (p_job, p_ticket, p_technician, tstzrange(p_start, p_end, '[)'), blocked_)
        RETURNING id INTO visit_;
    EXCEPTION WHEN exclusion_violation THEN
        visit_ := NULL;
    END;
    IF visit_ IS NULL THEN
        SELECT t.number, lower(v.during) AS from_, upper(v.blocked) AS until_ INTO clash_
        FROM app.visit v JOIN app.ticket t ON t.id = v.ticket_id
        WHERE v.technician_id = p_technician AND v.state <> 'cancelled'
          AND v.blocked && blocked_
        ORDER BY lower(v.blocked) LIMIT 1;
        PERFORM app.refuse('visit_overlap', jsonb_build_object(
            'number', coalesce(clash_.number, '?'),
            'start', coalesce(to_char(clash_.from_ AT TIME ZONE zone_, 'YYYY-MM-DD HH24:MI'),
                              '?'),
            'end', coalesce(to_char(clash_.until_ AT TIME ZONE zone_, 'YYYY-MM-DD HH24:MI'),
                            '?'))::text);
    END IF;
    RETURN visit_;
END
$fn$;

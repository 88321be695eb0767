-- The ticket list's summary, counted ahead (revision 0013): each insert, delete or change
-- of a ticket's status, warranty class, visit, urgency or fee total appends what it takes
-- away and what it adds to app.ticket_tally_change (-1 and the old fee for the old values,
-- +1 and the new fee for the new ones). Appends take no lock anybody else waits for, so
-- concurrent intakes and status moves never queue on a shared counter row; every 1000th
-- change folds the appended rows into app.ticket_tally (app.ticket_tally_compact).
-- app.ticket_tally + app.ticket_tally_change, added up, always equal the same GROUP BY
-- over app.ticket (tests/db/test_listing.py).
CREATE OR REPLACE FUNCTION app.ticket_tally_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    last_id bigint;
    appended integer := 0;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO app.ticket_tally_change (status, warranty_class, visit, urgent, tickets,
                                             fee_total)
        VALUES (OLD.status, OLD.warranty_class, OLD.visit, OLD.urgent, -1, -OLD.fee_total)
        RETURNING id INTO last_id;
        appended := 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO app.ticket_tally_change (status, warranty_class, visit, urgent, tickets,
                                             fee_total)
        VALUES (NEW.status, NEW.warranty_class, NEW.visit, NEW.urgent, 1, NEW.fee_total)
        RETURNING id INTO last_id;
        appended := appended + 1;
    END IF;
    IF last_id / 1000 <> (last_id - appended) / 1000 THEN
        PERFORM app.ticket_tally_compact();
    END IF;
    RETURN NULL;
END
$fn$;

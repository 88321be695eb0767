-- The ledger is append-only for everybody: a posted move is never changed or removed;
-- a cancellation is a new, reversing move (BEFORE UPDATE OR DELETE, and TRUNCATE).
CREATE OR REPLACE FUNCTION app.stock_ledger_immutable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    RAISE EXCEPTION 'the stock ledger is append-only (%)', TG_OP
        USING ERRCODE = 'P0001', HINT = 'aftersales:stock_ledger_append_only';
END
$fn$;

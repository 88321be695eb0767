-- What each kind of stock document needs and does (one home; domain/stock.py holds the
-- same table for the form, and a test compares the two):
--   prefix     its numbers' prefix (RK2026-000123)
--   direction  in (a receipt), out (an issue), transfer (out of the warehouse and into
--              the target in one transaction), adjust (a stocktake's signed lines)
--   target     the target warehouse: required, optional (a merchant return goes into a
--              商返库 or, without one, back to the merchant) or none
--   target_type the warehouse type the target must have (NULL: any other warehouse)
--   supplier / reason  required in the header
--   cost       the lines' unit cost: required, optional (empty: the average) or none
--              (issues take the average at posting)
--   typed      operators write it (a stocktake adjustment is made by the stocktake)
-- NULL for an unknown kind.
CREATE OR REPLACE FUNCTION app.stock_kind_rules(p_kind text) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object('prefix', r.prefix, 'direction', r.direction,
                              'target', r.target, 'target_type', r.target_type,
                              'supplier', r.supplier, 'reason', r.reason, 'cost', r.cost,
                              'typed', r.typed)
    FROM (VALUES
        ('purchase_receipt', 'RK', 'in', 'none', NULL, true, false, 'required', true),
        ('other_receipt', 'QR', 'in', 'none', NULL, false, true, 'optional', true),
        ('other_issue', 'CK', 'out', 'none', NULL, false, true, 'none', true),
        ('transfer', 'DB', 'transfer', 'required', NULL, false, false, 'none', true),
        ('scrap', 'BS', 'transfer', 'required', 'scrap', false, true, 'none', true),
        ('merchant_return', 'TH', 'transfer', 'optional', 'merchant_returns', true, false,
         'none', true),
        ('opening', 'QC', 'in', 'none', NULL, false, false, 'required', true),
        ('stocktake_adjustment', 'PY', 'adjust', 'none', NULL, false, false, 'none', false)
    ) AS r(kind, prefix, direction, target, target_type, supplier, reason, cost, typed)
    WHERE r.kind = p_kind
$fn$;

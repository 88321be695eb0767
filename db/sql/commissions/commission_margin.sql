-- A job's parts margin, the base of a margin_pct commission (app.commission_job_lines):
-- over its ticket's requisition, what the customer is charged for the parts kept (the
-- active issue lines' quantity x unit price, less their active returns at the issue's
-- price) minus what they cost (the requisition's ledger rows of the ticket: the value
-- they took out of stock, less the value returns and deleted lines brought back), minus
-- the margin already counted on the ticket's earlier reviewed jobs (the base frozen on
-- their margin_pct lines, once per job, unless the job was reopened since); never below 0.
CREATE OR REPLACE FUNCTION app.commission_margin(p_job bigint) RETURNS numeric
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH job AS (SELECT j.ticket_id FROM app.job j WHERE j.id = p_job),
    sold AS (
        SELECT coalesce(sum((l.quantity - coalesce(
                   (SELECT sum(r.quantity) FROM app.requisition_line r
                    WHERE r.return_of = l.id AND r.kind = 'return' AND r.state = 'active'),
                   0)) * l.unit_price), 0) AS price
        FROM app.requisition_line l JOIN job ON l.ticket_id = job.ticket_id
        WHERE l.kind = 'issue' AND l.state = 'active'),
    cost AS (
        SELECT coalesce(-sum(m.value_change), 0) AS cost
        FROM app.stock_move m JOIN job ON m.ticket_id = job.ticket_id
        WHERE m.source = 'requisition'),
    counted AS (
        SELECT coalesce(sum(b.base), 0) AS base
        FROM (SELECT max(c.base) AS base
              FROM app.commission_line c JOIN job ON c.ticket_id = job.ticket_id
              WHERE c.kind = 'commission' AND c.origin = 'review' AND c.state = 'active'
                AND c.rule_kind = 'margin_pct' AND c.job_id <> p_job
                AND NOT EXISTS (SELECT FROM app.commission_line a
                                WHERE a.reverses_line_id = c.id AND a.reason = 'job_reopened')
              GROUP BY c.job_id) b)
    SELECT greatest(0, round(sold.price - cost.cost - counted.base, 2))
    FROM sold, cost, counted
$fn$;

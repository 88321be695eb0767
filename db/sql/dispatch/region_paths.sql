-- Every region with its full path, 杭州市/西湖区/文新街道 (a few dozen rows: the
-- dispatch screens group and label jobs by it).
CREATE OR REPLACE FUNCTION app.region_paths()
RETURNS TABLE (id bigint, parent_id bigint, path text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH RECURSIVE tree AS (
        SELECT r.id, r.parent_id, r.name AS path, 0 AS depth
        FROM app.region r WHERE r.parent_id IS NULL
        UNION ALL
        SELECT c.id, c.parent_id, tree.path || '/' || c.name, tree.depth + 1
        FROM app.region c JOIN tree ON tree.id = c.parent_id
        WHERE tree.depth < 10)
    SELECT tree.id, tree.parent_id, tree.path FROM tree
$fn$;

-- The audit trigger. Arguments: the key columns (comma-separated), the columns to
-- redact as "***" (their values go to audit.sensitive_value), and the capability that
-- may read those values through audit.sensitive_values(). An update's entry leaves out
-- the version, which the database moves on every change (revision 0014): the entry
-- says what changed, an update that only moved the version is none.
CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
            keys text[] := string_to_array(TG_ARGV[0], ',');
            secret text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',');
            row_for_key jsonb := coalesce(new_row, old_row);
            fields text[];
            hidden text[];
            entry bigint;
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO fields
                FROM jsonb_each(new_row) n
                WHERE n.value IS DISTINCT FROM old_row -> n.key AND n.key <> 'version';
                IF cardinality(fields) = 0 THEN
                    RETURN NULL;
                END IF;
                SELECT jsonb_object_agg(k, old_row -> k), jsonb_object_agg(k, new_row -> k)
                INTO old_row, new_row FROM unnest(fields) k;
            ELSE
                SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO fields
                FROM jsonb_object_keys(row_for_key) k;
            END IF;
            hidden := ARRAY(SELECT unnest(fields) INTERSECT SELECT unnest(secret));
            INSERT INTO audit.change_log (table_name, record_key, action, changed,
                                          old_values, new_values)
            VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
                    (SELECT string_agg(row_for_key ->> k, '/') FROM unnest(keys) k),
                    lower(TG_OP), fields,
                    (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (hidden)
                            THEN to_jsonb('***'::text) ELSE e.value END)
                     FROM jsonb_each(old_row) e),
                    (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (hidden)
                            THEN to_jsonb('***'::text) ELSE e.value END)
                     FROM jsonb_each(new_row) e))
            RETURNING id INTO entry;
            IF cardinality(hidden) > 0 THEN
                INSERT INTO audit.sensitive_value (change_id, capability, old_values, new_values)
                SELECT entry, TG_ARGV[2],
                       (SELECT jsonb_object_agg(k, old_row -> k) FROM unnest(hidden) k
                        WHERE old_row IS NOT NULL),
                       (SELECT jsonb_object_agg(k, new_row -> k) FROM unnest(hidden) k
                        WHERE new_row IS NOT NULL);
            END IF;
            RETURN NULL;
        END
        $fn$;

-- Revision 0002's audit trigger: the arguments are the key columns; values are logged
-- as they are (row security hid sensitive tables' rows).
CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
            keys text[] := TG_ARGV;
            row_for_key jsonb := coalesce(new_row, old_row);
            fields text[];
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO fields
                FROM jsonb_each(new_row) n
                WHERE n.value IS DISTINCT FROM old_row -> n.key;
                IF cardinality(fields) = 0 THEN
                    RETURN NULL;
                END IF;
                SELECT jsonb_object_agg(k, old_row -> k), jsonb_object_agg(k, new_row -> k)
                INTO old_row, new_row FROM unnest(fields) k;
            ELSE
                SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO fields
                FROM jsonb_object_keys(row_for_key) k;
            END IF;
            INSERT INTO audit.change_log (table_name, record_key, action, changed,
                                          old_values, new_values)
            VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
                    (SELECT string_agg(row_for_key ->> k, '/') FROM unnest(keys) k),
                    lower(TG_OP), fields, old_row, new_row);
            RETURN NULL;
        END
        $fn$;

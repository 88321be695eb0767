"""Master data: staff, regions, outlets, customers and devices, catalogue, warehouses,
service settings and dictionaries that grow from use.

Everyone may read master data; masterdata.edit writes it. Counter staff
(intake.create) also add customers, their phones and devices, and dictionary
values typed into their forms. Wages sit in their own table (commission.view_all).
"""

from alembic import op

revision = "0005"
down_revision = "0004"

CUSTOMER_GRADES = [("individual", "Individual"), ("dealer", "Dealer"),
                   ("hypermarket", "Hypermarket"), ("corporate", "Corporate")]
WAREHOUSE_TYPES = [("finished", "Finished goods"), ("pending_repair", "Pending repair"),
                   ("samples", "Samples"), ("scrap", "Scrap"),
                   ("merchant_returns", "Merchant returns"), ("parts", "Parts")]
SERVICE_MODES = [("repair", "Repair"), ("installation", "Installation"),
                 ("outsourced", "Outsourced")]
WORK_TYPES = [("install", "Install and commission", "80.00", "1.50"),
              ("major", "Major repair", "150.00", "3.00"),
              ("medium", "Medium repair", "100.00", "2.00"),
              ("minor", "Minor repair", "50.00", "1.00"),
              ("delivery", "Delivery", "30.00", "0.50"),
              ("exchange", "Exchange", "30.00", "0.50"),
              ("cleaning", "Cleaning and packing", "20.00", "0.50")]
REWARD_PENALTY = [("attitude", "Service attitude", "-20.00"),
                  ("timeliness", "Timeliness", "-20.00"),
                  ("satisfaction", "Customer satisfaction", "30.00"),
                  ("skill", "Technical skill", "30.00"),
                  ("complaint", "Complaint", "-50.00"),
                  ("contribution", "Contribution", "50.00")]
DICTIONARY_KINDS = ["brand", "model", "fault", "accessory", "appearance", "customer_source"]

# table -> key columns (for the audit trigger)
TABLES = {
    "app.customer_grade": "code", "app.department": "id", "app.staff_position": "id",
    "app.region": "id", "app.employee": "id", "app.employee_wage": "employee_id",
    "app.employee_region": "employee_id,region_id", "app.service_outlet": "id",
    "app.device": "id", "app.item_category": "id", "app.warehouse_type": "code",
    "app.warehouse": "id", "app.service_mode": "code", "app.work_type": "id",
    "app.reward_penalty_item": "id", "app.overdue_rule": "id",
    "app.dictionary_entry": "id",
}
EVERYONE_READS = [t for t in TABLES if t != "app.employee_wage"]
COUNTER_WRITES = ["app.device", "app.dictionary_entry"]


def _values(rows: list[tuple[str, ...]]) -> str:
    return ", ".join("(" + ", ".join(f"'{v}'" for v in row) + ")" for row in rows)


def upgrade() -> None:
    op.execute("RESET ROLE")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    op.execute("SET ROLE as_owner")
    op.execute(
        """
        CREATE TABLE app.customer_grade (
            code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,30}$'),
            label text NOT NULL, active boolean NOT NULL DEFAULT true,
            sort_order integer NOT NULL DEFAULT 0);

        CREATE TABLE app.department (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            parent_id bigint REFERENCES app.department,
            name text NOT NULL CHECK (btrim(name) <> ''),
            active boolean NOT NULL DEFAULT true,
            CHECK (parent_id IS DISTINCT FROM id));
        CREATE TABLE app.staff_position (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            department_id bigint NOT NULL REFERENCES app.department,
            name text NOT NULL CHECK (btrim(name) <> ''),
            active boolean NOT NULL DEFAULT true,
            UNIQUE (department_id, name));

        CREATE TABLE app.region (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            parent_id bigint REFERENCES app.region,
            name text NOT NULL CHECK (btrim(name) <> ''),
            level text NOT NULL CHECK (level IN ('city', 'district', 'area')),
            active boolean NOT NULL DEFAULT true,
            CHECK (parent_id IS DISTINCT FROM id));
        CREATE UNIQUE INDEX region_name_idx ON app.region (coalesce(parent_id, 0), name);

        CREATE TABLE app.employee (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
            name text NOT NULL CHECK (btrim(name) <> ''),
            phone text CHECK (phone ~ '^[0-9+\\- ]{5,20}$'),
            department_id bigint REFERENCES app.department,
            position_id bigint REFERENCES app.staff_position,
            grade text NOT NULL DEFAULT '',
            hire_date date,
            is_technician boolean NOT NULL DEFAULT false,
            operator_code text UNIQUE REFERENCES app.operator ON UPDATE CASCADE,
            active boolean NOT NULL DEFAULT true);
        CREATE TABLE app.employee_wage (
            employee_id bigint PRIMARY KEY REFERENCES app.employee ON DELETE CASCADE,
            post_wage numeric(12,2) NOT NULL CHECK (post_wage >= 0));
        CREATE TABLE app.employee_region (
            employee_id bigint NOT NULL REFERENCES app.employee ON DELETE CASCADE,
            region_id bigint NOT NULL REFERENCES app.region,
            PRIMARY KEY (employee_id, region_id));

        CREATE TABLE app.service_outlet (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
            name text NOT NULL CHECK (btrim(name) <> ''),
            contact text NOT NULL DEFAULT '',
            phone text CHECK (phone ~ '^[0-9+\\- ]{5,20}$'),
            address text NOT NULL DEFAULT '',
            region_id bigint REFERENCES app.region,
            settlement_terms text NOT NULL DEFAULT '',
            active boolean NOT NULL DEFAULT true);

        ALTER TABLE app.customer
            ADD COLUMN grade text NOT NULL DEFAULT 'individual' REFERENCES app.customer_grade,
            ADD COLUMN address text NOT NULL DEFAULT '',
            ADD COLUMN region_id bigint REFERENCES app.region,
            ADD COLUMN source text NOT NULL DEFAULT '',
            ADD COLUMN notes text NOT NULL DEFAULT '',
            ADD COLUMN active boolean NOT NULL DEFAULT true,
            ADD COLUMN version integer NOT NULL DEFAULT 1;
        CREATE UNIQUE INDEX customer_phone_unique_idx ON app.customer_phone (customer_id, phone);
        CREATE UNIQUE INDEX customer_primary_phone_idx ON app.customer_phone (customer_id)
            WHERE is_primary;
        CREATE INDEX customer_phone_trgm_idx ON app.customer_phone
            USING gin (phone public.gin_trgm_ops);
        CREATE INDEX customer_name_trgm_idx ON app.customer USING gin (name public.gin_trgm_ops);

        CREATE TABLE app.item_category (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            parent_id bigint REFERENCES app.item_category,
            name text NOT NULL CHECK (btrim(name) <> ''),
            active boolean NOT NULL DEFAULT true,
            CHECK (parent_id IS DISTINCT FROM id));
        CREATE UNIQUE INDEX item_category_name_idx
            ON app.item_category (coalesce(parent_id, 0), name);
        ALTER TABLE app.item
            ADD COLUMN kind text NOT NULL DEFAULT 'part' CHECK (kind IN ('product', 'part')),
            ADD COLUMN category_id bigint REFERENCES app.item_category,
            ADD COLUMN brand text NOT NULL DEFAULT '',
            ADD COLUMN model text NOT NULL DEFAULT '',
            ADD COLUMN unit text NOT NULL DEFAULT '个',
            ADD COLUMN barcode text UNIQUE,
            ADD COLUMN default_warranty_months integer NOT NULL DEFAULT 12
                CHECK (default_warranty_months BETWEEN 0 AND 120),
            ADD COLUMN min_stock numeric(12,2) NOT NULL DEFAULT 0 CHECK (min_stock >= 0),
            ADD COLUMN active boolean NOT NULL DEFAULT true,
            ADD COLUMN version integer NOT NULL DEFAULT 1;
        CREATE INDEX item_name_trgm_idx ON app.item USING gin (name public.gin_trgm_ops);

        CREATE TABLE app.device (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES app.customer ON DELETE CASCADE,
            item_id bigint REFERENCES app.item,
            product text NOT NULL DEFAULT '',
            brand text NOT NULL DEFAULT '',
            model text NOT NULL DEFAULT '',
            serial text NOT NULL DEFAULT '',
            purchase_date date CHECK (purchase_date <= current_date + 1),
            purchase_place text NOT NULL DEFAULT '',
            has_proof boolean NOT NULL DEFAULT false,
            warranty_months integer NOT NULL DEFAULT 12 CHECK (warranty_months BETWEEN 0 AND 120),
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX device_customer_idx ON app.device (customer_id);
        CREATE INDEX device_serial_trgm_idx ON app.device USING gin (serial public.gin_trgm_ops);

        CREATE TABLE app.warehouse_type (
            code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,30}$'),
            label text NOT NULL, active boolean NOT NULL DEFAULT true,
            sort_order integer NOT NULL DEFAULT 0);
        CREATE TABLE app.warehouse (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
            name text NOT NULL CHECK (btrim(name) <> ''),
            type text NOT NULL REFERENCES app.warehouse_type,
            keeper_id bigint REFERENCES app.employee,
            active boolean NOT NULL DEFAULT true);

        CREATE TABLE app.service_mode (
            code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,30}$'),
            label text NOT NULL, active boolean NOT NULL DEFAULT true);
        CREATE TABLE app.work_type (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
            name text NOT NULL CHECK (btrim(name) <> ''),
            labour_fee numeric(12,2) NOT NULL DEFAULT 0 CHECK (labour_fee >= 0),
            standard_hours numeric(6,2) NOT NULL DEFAULT 0 CHECK (standard_hours >= 0),
            active boolean NOT NULL DEFAULT true);
        CREATE TABLE app.reward_penalty_item (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
            name text NOT NULL CHECK (btrim(name) <> ''),
            amount numeric(12,2) NOT NULL,
            active boolean NOT NULL DEFAULT true);
        CREATE TABLE app.overdue_rule (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL CHECK (btrim(name) <> ''),
            amount_per_day numeric(12,2) NOT NULL CHECK (amount_per_day >= 0),
            grace_days integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 365),
            active boolean NOT NULL DEFAULT true);

        CREATE TABLE app.dictionary_entry (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind text NOT NULL,
            value text NOT NULL CHECK (btrim(value) <> '' AND length(value) <= 100),
            active boolean NOT NULL DEFAULT true,
            merged_into bigint REFERENCES app.dictionary_entry,
            uses integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (kind, value));
        """
    )
    op.execute(
        "ALTER TABLE app.dictionary_entry ADD CONSTRAINT dictionary_kind_check CHECK (kind IN ("
        + ", ".join(f"'{k}'" for k in DICTIONARY_KINDS) + "))")
    op.execute("INSERT INTO app.customer_grade (code, label, sort_order) VALUES "
               + _values([(c, label, str(i)) for i, (c, label) in enumerate(CUSTOMER_GRADES)]))
    op.execute("INSERT INTO app.warehouse_type (code, label, sort_order) VALUES "
               + _values([(c, label, str(i)) for i, (c, label) in enumerate(WAREHOUSE_TYPES)]))
    op.execute("INSERT INTO app.service_mode (code, label) VALUES " + _values(SERVICE_MODES))
    op.execute("INSERT INTO app.work_type (code, name, labour_fee, standard_hours) VALUES "
               + _values(WORK_TYPES))
    op.execute("INSERT INTO app.reward_penalty_item (code, name, amount) VALUES "
               + _values(REWARD_PENALTY))
    op.execute("INSERT INTO app.overdue_rule (name, amount_per_day, grace_days) "
               "VALUES ('Overdue deduction', '5.00', 1)")

    for table, keys in TABLES.items():
        # Wages are readable only with commission.view_all: the log redacts them too.
        secret, capability = (("post_wage", "commission.view_all")
                              if table == "app.employee_wage" else ("", ""))
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', '{secret}', "
                   f"'{capability}')")
    op.execute(f"GRANT SELECT ON {', '.join(EVERYONE_READS)} TO as_operator")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(TABLES)} TO as_cap_masterdata_edit")
    op.execute(f"GRANT INSERT, UPDATE ON {', '.join(COUNTER_WRITES)} TO as_cap_intake_create")
    op.execute("GRANT SELECT ON app.employee_wage TO as_cap_commission_view_all, "
               "as_cap_masterdata_edit")
    # Identity columns: inserting needs the sequences.
    op.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA app TO as_cap_masterdata_edit, "
               "as_cap_intake_create")


def downgrade() -> None:
    op.execute(
        """
        DROP TABLE app.dictionary_entry, app.overdue_rule, app.reward_penalty_item,
            app.work_type, app.service_mode, app.warehouse, app.warehouse_type, app.device,
            app.service_outlet, app.employee_region, app.employee_wage, app.employee,
            app.region, app.staff_position, app.department, app.item_category CASCADE;
        ALTER TABLE app.item DROP COLUMN kind, DROP COLUMN category_id, DROP COLUMN brand,
            DROP COLUMN model, DROP COLUMN unit, DROP COLUMN barcode,
            DROP COLUMN default_warranty_months, DROP COLUMN min_stock, DROP COLUMN active,
            DROP COLUMN version;
        ALTER TABLE app.customer DROP COLUMN grade, DROP COLUMN address, DROP COLUMN region_id,
            DROP COLUMN source, DROP COLUMN notes, DROP COLUMN active, DROP COLUMN version;
        DROP INDEX app.customer_phone_unique_idx, app.customer_primary_phone_idx,
            app.customer_phone_trgm_idx, app.customer_name_trgm_idx, app.item_name_trgm_idx;
        DROP TABLE app.customer_grade;
        REVOKE USAGE ON ALL SEQUENCES IN SCHEMA app FROM as_cap_masterdata_edit,
            as_cap_intake_create;
        """
    )

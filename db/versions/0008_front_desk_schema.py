"""Front desk tables: repair tickets with their status history and whereabouts, quotes,
customer notices, parts pre-orders and settlements; shop settings, the working-day
calendar and notice templates.

Nobody writes the ticket tables directly: every change goes through a SECURITY
DEFINER function of revision 0009, which checks the capability, the status machine
and the warranty rules, so `psql` with an operator's own password can do no more
than the screens. Everyone reads tickets (the counter answers "where is my repair?");
the phone number a notice went to is readable only with contacts.view.
"""

from alembic import op

revision = "0008"
down_revision = "0007"

STATUSES = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
            "picked_up", "cancelled")
OPEN = STATUSES[:6]
WARRANTY_CLASSES = ("in_warranty", "out_of_warranty", "claim")
# (from, to): the same table as aftersales_desktop.domain.tickets.TRANSITIONS; a test
# compares them.
TRANSITIONS = {
    "pending": ("in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
                "cancelled"),
    "in_repair": ("waiting_parts", "hard_repair", "at_factory", "ready", "cancelled"),
    "waiting_parts": ("in_repair", "hard_repair", "at_factory", "cancelled"),
    "hard_repair": ("in_repair", "waiting_parts", "at_factory", "ready", "cancelled"),
    "at_factory": ("in_repair", "waiting_parts", "hard_repair", "ready"),
    "ready": ("picked_up", "in_repair"),
}
TERMS = ("1. 请凭本单取机，遗失请及时告知。2. 修复通知后30天未取机的，本店不再负责保管。"
         "3. 保内维修须提供有效购机凭证；人为损坏不在保修范围。4. 维修部位享受保修，返修免费。")

# The notice texts a new shop starts with (shop data, editable by a manager; the same as
# domain/notices.py DEFAULT_TEMPLATES, which a test checks).
TEMPLATES = {
    "repaired": "{customer}您好，您送修的{device}（单号{ticket}）已修复，"
                "请凭取机单到{shop}取机。电话{shop_phone}",
    "parts_arrived": "{customer}您好，您预订的{part}已到货，请到{shop}取件。电话{shop_phone}",
    "period_extended": "{customer}您好，您送修的{device}（单号{ticket}）维修期延长至"
                       "{new_date}，给您带来不便敬请谅解。",
    "waiting_parts": "{customer}您好，您送修的{device}（单号{ticket}）正在等待配件，"
                     "到货后尽快为您修复。",
    "preorder_waiting": "{customer}您好，您预订的{part}尚在途中，到货后我们会第一时间通知您。",
}

# table -> (key columns, redacted columns, capability that sees them)
AUDITED = {
    "app.shop_setting": ("key", "", ""),
    "app.work_calendar": ("day", "", ""),
    "app.notice_template": ("kind", "", ""),
    "app.notice_channel": ("channel", "config", "settings.admin"),
    "app.ticket_counter": ("prefix,day", "", ""),
    "app.ticket": ("id", "", ""),
    "app.ticket_status": ("id", "", ""),
    "app.ticket_location": ("id", "", ""),
    "app.ticket_quote": ("id", "", ""),
    "app.part_preorder": ("id", "", ""),
    "app.customer_notice": ("id", "recipient", "contacts.view"),
    "app.settlement": ("id", "", ""),
    "app.settlement_line": ("id", "", ""),
}
EVERYONE_READS = [t for t in AUDITED if t not in ("app.notice_channel", "app.customer_notice")]
SETTINGS_WRITES = ["app.shop_setting", "app.work_calendar", "app.notice_template",
                   "app.notice_channel"]
NOTICE_COLUMNS = ("id", "ticket_id", "preorder_id", "kind", "channel", "body", "status",
                  "detail", "due_at", "sent_at", "sent_by")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute(
        f"""
        CREATE TABLE app.shop_setting (
            key text PRIMARY KEY CHECK (key ~ '^[a-z_]{{2,40}}$'),
            value jsonb NOT NULL);
        INSERT INTO app.shop_setting (key, value) VALUES
            ('shop', jsonb_build_object('name', '', 'address', '', 'phone', '',
                                        'terms', '{TERMS}')),
            ('promise', '{{"normal_days": 7, "urgent_days": 3, "factory_days": 15}}'),
            ('quote_required', 'true'),
            ('uncollected_days', '30'),
            ('repair_warranty_days', '90'),
            ('timezone', '"Asia/Shanghai"');

        CREATE TABLE app.work_calendar (
            day date PRIMARY KEY,
            working boolean NOT NULL,
            note text NOT NULL DEFAULT '');

        CREATE TABLE app.notice_template (
            kind text PRIMARY KEY CHECK (kind IN ('repaired', 'parts_arrived',
                'period_extended', 'waiting_parts', 'preorder_waiting')),
            body text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 500));
        CREATE TABLE app.notice_channel (
            channel text PRIMARY KEY CHECK (channel IN ('sms', 'email')),
            config jsonb NOT NULL DEFAULT '{{}}',
            enabled boolean NOT NULL DEFAULT true);

        ALTER TABLE app.work_type ADD COLUMN repair_warranty_days integer NOT NULL
            DEFAULT 90 CHECK (repair_warranty_days BETWEEN 0 AND 3650);

        CREATE TABLE app.ticket_counter (
            prefix text NOT NULL CHECK (prefix ~ '^[A-Z]{{2}}$'),
            day date NOT NULL,
            last_seq integer NOT NULL CHECK (last_seq > 0),
            PRIMARY KEY (prefix, day));

        CREATE TABLE app.ticket (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            number text NOT NULL UNIQUE,
            operation_id uuid UNIQUE,
            received_at timestamptz NOT NULL DEFAULT now(),
            received_on date NOT NULL,
            received_by text NOT NULL REFERENCES app.operator ON UPDATE CASCADE,
            customer_id bigint NOT NULL REFERENCES app.customer,
            device_id bigint NOT NULL REFERENCES app.device,
            -- what the customer was told at intake, as printed on the receipt
            customer_name text NOT NULL,
            product text NOT NULL DEFAULT '',
            brand text NOT NULL DEFAULT '',
            model text NOT NULL DEFAULT '',
            serial text NOT NULL DEFAULT '',
            purchase_date date,
            has_proof boolean NOT NULL DEFAULT false,
            fault text NOT NULL CHECK (btrim(fault) <> '' AND length(fault) <= 500),
            accessories text NOT NULL DEFAULT '' CHECK (length(accessories) <= 300),
            appearance text NOT NULL DEFAULT '' CHECK (length(appearance) <= 300),
            remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 1000),
            visit text NOT NULL DEFAULT 'carry_in' CHECK (visit IN ('carry_in', 'on_site')),
            service_mode text NOT NULL DEFAULT 'repair' REFERENCES app.service_mode,
            address text NOT NULL DEFAULT '',
            region_id bigint REFERENCES app.region,
            appointment_at timestamptz,
            urgent boolean NOT NULL DEFAULT false,
            promised_on date NOT NULL,
            warranty_class text NOT NULL CHECK (warranty_class IN {_in(WARRANTY_CLASSES)}),
            warranty_reason text NOT NULL,
            warranty_override_reason text NOT NULL DEFAULT '',
            human_damage boolean NOT NULL DEFAULT false,
            claim boolean NOT NULL DEFAULT false,
            rework_of bigint REFERENCES app.ticket,
            rework_free boolean NOT NULL DEFAULT false,
            rework_override_reason text NOT NULL DEFAULT '',
            technician_id bigint REFERENCES app.employee,
            work_type_id bigint REFERENCES app.work_type,
            status text NOT NULL DEFAULT 'pending' CHECK (status IN {_in(STATUSES)}),
            status_at timestamptz NOT NULL DEFAULT now(),
            location_kind text NOT NULL DEFAULT 'shelf',
            location_label text NOT NULL DEFAULT '',
            quote_state text CHECK (quote_state IN ('pending', 'approved', 'declined')),
            notice_count integer NOT NULL DEFAULT 0,
            fee_total numeric(12,2) NOT NULL DEFAULT 0,
            settled boolean NOT NULL DEFAULT false,
            released_unsettled boolean NOT NULL DEFAULT false,
            picked_up_at timestamptz,
            repair_warranty_until date,
            version integer NOT NULL DEFAULT 1,
            search_text text GENERATED ALWAYS AS (lower(number || ' ' || customer_name || ' '
                || product || ' ' || brand || ' ' || model || ' ' || serial || ' ' || fault
                || ' ' || remarks || ' ' || address)) STORED,
            CHECK (promised_on >= received_on),
            CHECK (visit = 'carry_in' OR (btrim(address) <> '' AND appointment_at IS NOT NULL)),
            CHECK (rework_free = false OR rework_of IS NOT NULL),
            CHECK ((status = 'picked_up') = (picked_up_at IS NOT NULL)));
        CREATE INDEX ticket_received_idx ON app.ticket (received_at, id);
        CREATE INDEX ticket_status_received_idx ON app.ticket (status, received_at, id);
        -- the board counts open tickets only: a few thousand among a million
        CREATE INDEX ticket_open_idx ON app.ticket (status, promised_on, urgent, status_at)
            WHERE status IN {_in(OPEN)};
        CREATE INDEX ticket_picked_up_idx ON app.ticket (picked_up_at)
            WHERE picked_up_at IS NOT NULL;
        CREATE INDEX ticket_customer_idx ON app.ticket (customer_id, received_at);
        CREATE INDEX ticket_device_idx ON app.ticket (device_id, received_at);
        CREATE INDEX ticket_technician_idx ON app.ticket (technician_id, received_at);
        CREATE INDEX ticket_region_idx ON app.ticket (region_id, received_at);
        CREATE INDEX ticket_rework_idx ON app.ticket (rework_of) WHERE rework_of IS NOT NULL;
        -- full-field search: Chinese by character pairs (pg_trgm skips CJK in the C
        -- locale), ASCII fragments of 3+ characters (serials, models) by trigrams
        CREATE INDEX ticket_search_idx ON app.ticket USING gin (app.text_bigrams(search_text));
        CREATE INDEX ticket_search_trgm_idx ON app.ticket
            USING gin (search_text public.gin_trgm_ops);
        CREATE INDEX ticket_urgent_idx ON app.ticket (received_at, id) WHERE urgent;

        CREATE TABLE app.ticket_transition (
            from_status text NOT NULL,
            to_status text NOT NULL,
            PRIMARY KEY (from_status, to_status));

        CREATE TABLE app.ticket_status (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ticket_id bigint NOT NULL REFERENCES app.ticket,
            from_status text,
            to_status text NOT NULL,
            reason text NOT NULL DEFAULT '',
            at timestamptz NOT NULL DEFAULT now(),
            by_operator text NOT NULL DEFAULT session_user);
        CREATE INDEX ticket_status_ticket_idx ON app.ticket_status (ticket_id, id);

        CREATE TABLE app.ticket_location (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ticket_id bigint NOT NULL REFERENCES app.ticket,
            kind text NOT NULL CHECK (kind IN ('shelf', 'warehouse', 'technician', 'factory',
                                               'outlet', 'customer')),
            shelf text NOT NULL DEFAULT '',
            warehouse_id bigint REFERENCES app.warehouse,
            employee_id bigint REFERENCES app.employee,
            outlet_id bigint REFERENCES app.service_outlet,
            factory text NOT NULL DEFAULT '',
            carrier text NOT NULL DEFAULT '',
            tracking_number text NOT NULL DEFAULT '',
            sent_on date,
            expected_on date,
            note text NOT NULL DEFAULT '',
            label text NOT NULL,
            at timestamptz NOT NULL DEFAULT now(),
            by_operator text NOT NULL DEFAULT session_user,
            CHECK (kind <> 'warehouse' OR warehouse_id IS NOT NULL),
            CHECK (kind <> 'technician' OR employee_id IS NOT NULL),
            CHECK (kind <> 'outlet' OR outlet_id IS NOT NULL),
            CHECK (kind <> 'factory' OR btrim(factory) <> ''),
            CHECK (expected_on IS NULL OR sent_on IS NULL OR expected_on >= sent_on));
        CREATE INDEX ticket_location_ticket_idx ON app.ticket_location (ticket_id, id);

        CREATE TABLE app.ticket_quote (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ticket_id bigint NOT NULL REFERENCES app.ticket,
            parts_amount numeric(12,2) NOT NULL CHECK (parts_amount >= 0),
            labour_amount numeric(12,2) NOT NULL CHECK (labour_amount >= 0),
            other_amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (other_amount >= 0),
            note text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT session_user,
            state text NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'approved', 'declined', 'superseded')),
            decided_on date,
            channel text CHECK (channel IN ('in_person', 'phone', 'sms', 'wechat', 'email')),
            decided_by text,
            decision_note text NOT NULL DEFAULT '',
            CHECK ((state IN ('approved', 'declined')) = (decided_on IS NOT NULL
                                                         AND channel IS NOT NULL)));
        CREATE INDEX ticket_quote_ticket_idx ON app.ticket_quote (ticket_id, id);

        CREATE TABLE app.part_preorder (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            number text NOT NULL UNIQUE,
            operation_id uuid UNIQUE,
            customer_id bigint NOT NULL REFERENCES app.customer,
            ticket_id bigint REFERENCES app.ticket,
            item_id bigint REFERENCES app.item,
            part_name text NOT NULL CHECK (btrim(part_name) <> ''),
            quantity numeric(12,2) NOT NULL CHECK (quantity > 0),
            unit_price numeric(12,2) NOT NULL CHECK (unit_price >= 0),
            deposit numeric(12,2) NOT NULL DEFAULT 0 CHECK (deposit >= 0),
            state text NOT NULL DEFAULT 'waiting'
                CHECK (state IN ('waiting', 'arrived', 'picked_up', 'cancelled')),
            ordered_at timestamptz NOT NULL DEFAULT now(),
            ordered_by text NOT NULL DEFAULT session_user,
            expected_on date,
            arrived_at timestamptz,
            arrived_by text,
            arrival_source text CHECK (arrival_source IN ('manual', 'receipt')),
            picked_up_at timestamptz,
            picked_up_by text,
            paid numeric(12,2) CHECK (paid >= 0),
            payment_method text,
            cancel_reason text NOT NULL DEFAULT '',
            version integer NOT NULL DEFAULT 1,
            CHECK (deposit <= round(quantity * unit_price, 2)),
            CHECK ((state IN ('arrived', 'picked_up')) = (arrived_at IS NOT NULL)),
            CHECK ((state = 'picked_up') = (picked_up_at IS NOT NULL)));
        CREATE INDEX part_preorder_state_idx ON app.part_preorder (state, ordered_at);
        CREATE INDEX part_preorder_customer_idx ON app.part_preorder (customer_id);

        CREATE TABLE app.customer_notice (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ticket_id bigint REFERENCES app.ticket,
            preorder_id bigint REFERENCES app.part_preorder,
            kind text NOT NULL CHECK (kind IN ('repaired', 'parts_arrived', 'period_extended',
                                               'waiting_parts', 'preorder_waiting')),
            -- NULL channel: due, nobody has told the customer yet
            channel text CHECK (channel IN ('phone', 'sms', 'email')),
            recipient text NOT NULL DEFAULT '',
            body text NOT NULL DEFAULT '',
            status text NOT NULL CHECK (status IN ('due', 'sending', 'sent', 'failed')),
            detail text NOT NULL DEFAULT '',
            due_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz,
            sent_by text,
            CHECK (ticket_id IS NOT NULL OR preorder_id IS NOT NULL),
            CHECK ((status = 'due') = (channel IS NULL)));
        CREATE INDEX customer_notice_ticket_idx ON app.customer_notice (ticket_id)
            WHERE ticket_id IS NOT NULL;
        CREATE INDEX customer_notice_preorder_idx ON app.customer_notice (preorder_id)
            WHERE preorder_id IS NOT NULL;
        CREATE INDEX customer_notice_due_idx ON app.customer_notice (due_at)
            WHERE status IN ('due', 'failed');

        CREATE TABLE app.settlement (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            number text NOT NULL UNIQUE,
            operation_id uuid UNIQUE,
            ticket_id bigint NOT NULL REFERENCES app.ticket,
            kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'reversal')),
            reversal_of bigint UNIQUE REFERENCES app.settlement,
            subtotal numeric(12,2) NOT NULL,
            discount numeric(12,2) NOT NULL DEFAULT 0,
            discount_reason text NOT NULL DEFAULT '',
            manufacturer_amount numeric(12,2) NOT NULL DEFAULT 0,
            shop_amount numeric(12,2) NOT NULL DEFAULT 0,
            customer_amount numeric(12,2) NOT NULL,
            payment_method text NOT NULL CHECK (payment_method IN ('cash', 'wechat', 'alipay',
                                                'card', 'transfer', 'none')),
            paid numeric(12,2) NOT NULL,
            change_given numeric(12,2) NOT NULL DEFAULT 0,
            settled_at timestamptz NOT NULL DEFAULT now(),
            settled_by text NOT NULL DEFAULT session_user,
            voided_at timestamptz,
            voided_by text,
            void_reason text NOT NULL DEFAULT '',
            CHECK ((kind = 'reversal') = (reversal_of IS NOT NULL)),
            CHECK (kind = 'reversal' OR (discount >= 0 AND customer_amount >= 0
                                         AND paid >= customer_amount)),
            CHECK (voided_at IS NULL OR kind = 'sale'));
        CREATE UNIQUE INDEX settlement_active_idx ON app.settlement (ticket_id)
            WHERE kind = 'sale' AND voided_at IS NULL;
        CREATE INDEX settlement_ticket_idx ON app.settlement (ticket_id);

        CREATE TABLE app.settlement_line (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            settlement_id bigint NOT NULL REFERENCES app.settlement,
            line_no integer NOT NULL,
            kind text NOT NULL CHECK (kind IN ('part', 'labour', 'other')),
            item_id bigint REFERENCES app.item,
            work_type_id bigint REFERENCES app.work_type,
            description text NOT NULL CHECK (btrim(description) <> ''),
            quantity numeric(12,2) NOT NULL,
            unit_price numeric(12,2) NOT NULL CHECK (unit_price >= 0),
            amount numeric(12,2) NOT NULL,
            billed_to text NOT NULL CHECK (billed_to IN ('customer', 'manufacturer', 'shop')),
            UNIQUE (settlement_id, line_no));
        """
    )
    op.execute("INSERT INTO app.ticket_transition (from_status, to_status) VALUES "
               + ", ".join(f"('{a}', '{b}')" for a, targets in TRANSITIONS.items()
                           for b in targets))
    op.execute("INSERT INTO app.notice_template (kind, body) VALUES "
               + ", ".join(f"('{kind}', '{body}')" for kind, body in TEMPLATES.items()))
    # the transition table is a business rule: audited like the rest
    op.execute("CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON "
               "app.ticket_transition FOR EACH ROW EXECUTE FUNCTION "
               "audit.log_change('from_status,to_status', '', '')")
    for table, (keys, secret, capability) in AUDITED.items():
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', '{secret}', "
                   f"'{capability}')")
    op.execute(f"GRANT SELECT ON {', '.join(EVERYONE_READS)}, app.ticket_transition "
               "TO as_operator")
    op.execute(f"GRANT SELECT ({', '.join(NOTICE_COLUMNS)}) ON app.customer_notice "
               "TO as_operator")
    op.execute("GRANT SELECT ON app.customer_notice TO as_cap_contacts_view")
    op.execute("GRANT SELECT ON app.notice_channel TO as_cap_notice_send, "
               "as_cap_settings_admin")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(SETTINGS_WRITES)} "
               "TO as_cap_settings_admin")


def downgrade() -> None:
    op.execute(
        """
        DROP TABLE app.settlement_line, app.settlement, app.customer_notice,
            app.part_preorder, app.ticket_quote, app.ticket_location, app.ticket_status,
            app.ticket_transition, app.ticket, app.ticket_counter, app.notice_channel,
            app.notice_template, app.work_calendar, app.shop_setting;
        ALTER TABLE app.work_type DROP COLUMN repair_warranty_days;
        """
    )

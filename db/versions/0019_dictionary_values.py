"""One spelling for a dictionary value, at the counter and on the dictionary page.

`app.dictionary_value(text)` trims blanks at both ends and makes every run of blanks
inside one space (domain/masterdata.validate_dictionary_value does the same; a test
runs both). `app.learn` (the counter's brands, models, faults; the work report's fault
causes and actions) spells what it learns that way, and a CHECK constraint holds every
new or changed entry to it. Before, learn only trimmed spaces, so "格力  空调" typed at
intake became an entry of its own next to "格力 空调".

Existing entries are respelled; one that would then equal another entry of its kind is
merged into it (inactive, `merged_into`, as the dictionary page merges) and keeps its
old spelling, which is why the constraint is NOT VALID: it holds for every row written
from now on, and those merged rows are the only ones it was not checked against.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0019"
down_revision = "0018"

NEW_FILES = ["masterdata/dictionary_value.sql"]
CHANGED_0014 = ["masterdata/learn.sql"]


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*NEW_FILES, revision="0019")
    op.execute("REVOKE EXECUTE ON FUNCTION app.dictionary_value(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.dictionary_value(text) TO as_operator")
    op.execute("""
        UPDATE app.dictionary_entry d SET active = false, merged_into = (
            SELECT e.id FROM app.dictionary_entry e
            WHERE e.kind = d.kind AND e.value = app.dictionary_value(d.value))
        WHERE d.value <> app.dictionary_value(d.value) AND d.merged_into IS NULL
          AND EXISTS (SELECT FROM app.dictionary_entry e
                      WHERE e.kind = d.kind AND e.value = app.dictionary_value(d.value));
        UPDATE app.dictionary_entry d SET value = app.dictionary_value(d.value)
        WHERE d.value <> app.dictionary_value(d.value)
          AND NOT EXISTS (SELECT FROM app.dictionary_entry e
                          WHERE e.kind = d.kind AND e.value = app.dictionary_value(d.value));
        ALTER TABLE app.dictionary_entry ADD CONSTRAINT dictionary_entry_value_spelling
            CHECK (value = app.dictionary_value(value)) NOT VALID;
        """)
    install(*CHANGED_0014, revision="0019")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*CHANGED_0014, revision="0014")
    op.execute("ALTER TABLE app.dictionary_entry DROP CONSTRAINT dictionary_entry_value_spelling")
    op.execute("DROP FUNCTION app.dictionary_value(text)")

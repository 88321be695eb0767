"""Counter staff may add dictionary values and count their uses, nothing more.

0005 let intake.create UPDATE whole dictionary rows, which also allowed retiring
and merging values (a masterdata.edit job). Only the uses counter stays writable.
"""

from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.execute("REVOKE UPDATE ON app.dictionary_entry FROM as_cap_intake_create")
    op.execute("GRANT UPDATE (uses) ON app.dictionary_entry TO as_cap_intake_create")


def downgrade() -> None:
    op.execute("REVOKE UPDATE (uses) ON app.dictionary_entry FROM as_cap_intake_create")
    op.execute("GRANT UPDATE ON app.dictionary_entry TO as_cap_intake_create")

"""Counter staff may add dictionary values and count their uses, nothing more.

0005 let intake.create UPDATE whole dictionary rows, which also allowed retiring
and merging values (a masterdata.edit job). Only the uses counter stays writable.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("REVOKE UPDATE ON app.dictionary_entry FROM as_cap_intake_create")
    op.execute("GRANT UPDATE (uses) ON app.dictionary_entry TO as_cap_intake_create")


def downgrade() -> None:
    op.execute("REVOKE UPDATE (uses) ON app.dictionary_entry FROM as_cap_intake_create")
    op.execute("GRANT UPDATE ON app.dictionary_entry TO as_cap_intake_create")

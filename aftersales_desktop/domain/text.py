"""Text rules the database applies too (pure).

What counts as blank: Python's str.strip() knows every Unicode space, PostgreSQL's
btrim() only the space. Both sides use this one set (db/sql/core/is_blank.sql), so a
reason of a tab and a newline is blank on the form and in the database alike.
"""

from __future__ import annotations

BLANK = " \t\n\r\f\v\u00a0\u3000"


def is_blank(text: str | None) -> bool:
    return not (text or "").strip(BLANK)

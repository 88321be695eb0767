"""Dictionaries that grow from use: brands, models, faults, accessories, appearance,
customer sources. Forms call `learn` on save so a typed-in value joins the list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from aftersales_desktop.domain.masterdata import validate_dictionary_value
from aftersales_desktop.domain.refusals import refuse

from ._common import RecordMissing, saving

_COLUMNS = "id, kind, value, active, merged_into, uses"


@dataclass(frozen=True)
class DictionaryEntry:
    id: int
    kind: str
    value: str
    active: bool
    merged_into: int | None
    uses: int


def _entry(row: tuple) -> DictionaryEntry:
    return DictionaryEntry(int(row[0]), row[1], row[2], bool(row[3]),
                           None if row[4] is None else int(row[4]), int(row[5]))


def _find(conn: Connection, kind: str, value: str) -> DictionaryEntry | None:
    row = conn.execute(text(f"SELECT {_COLUMNS} FROM app.dictionary_entry "
                            "WHERE kind = :k AND value = :v"), {"k": kind, "v": value}).first()
    return None if row is None else _entry(tuple(row))


def _canonical(conn: Connection, entry: DictionaryEntry) -> DictionaryEntry:
    seen = {entry.id}
    while entry.merged_into is not None:
        row = conn.execute(text(f"SELECT {_COLUMNS} FROM app.dictionary_entry WHERE id = :i"),
                           {"i": entry.merged_into}).first()
        if row is None or int(row[0]) in seen:
            break
        entry = _entry(tuple(row))
        seen.add(entry.id)
    return entry


def learn(conn: Connection, kind: str, value: str) -> DictionaryEntry:
    """Count one use of `value` (adding it when new). Returns the entry to store: when the
    value was merged into another, that one (so forms save the canonical spelling)."""
    value = validate_dictionary_value(kind, value)
    with saving(conn, "intake.create"):
        row = conn.execute(text(
            "INSERT INTO app.dictionary_entry (kind, value, uses) VALUES (:k, :v, 1) "
            "ON CONFLICT (kind, value) DO UPDATE SET uses = app.dictionary_entry.uses + 1 "
            f"RETURNING {_COLUMNS}"), {"k": kind, "v": value}).one()
        entry = _entry(tuple(row))
        if entry.merged_into is not None:
            target = _canonical(conn, entry)
            if target.id != entry.id:
                conn.execute(text("UPDATE app.dictionary_entry SET uses = uses + 1 "
                                  "WHERE id = :i"), {"i": target.id})
                entry = DictionaryEntry(target.id, target.kind, target.value, target.active,
                                        target.merged_into, target.uses + 1)
    return entry


def learn_optional(conn: Connection, kind: str, value: str | None) -> str:
    """`learn` for an optional form field: blank stays blank; returns the value to store."""
    if value is None or not value.strip():
        return ""
    return learn(conn, kind, value).value


def merge(conn: Connection, kind: str, from_value: str, into_value: str) -> DictionaryEntry:
    """Fold a duplicate spelling into the value to keep: the duplicate becomes inactive and
    points at it (entries merged into the duplicate follow); its uses are added."""
    from_value = validate_dictionary_value(kind, from_value, "from_value")
    into_value = validate_dictionary_value(kind, into_value, "into_value")
    with saving(conn, "masterdata.edit"):
        source = _find(conn, kind, from_value)
        if source is None:
            raise refuse("dictionary_value_missing", field="from_value", value=from_value)
        target = _find(conn, kind, into_value)
        if target is None:
            row = conn.execute(text(
                "INSERT INTO app.dictionary_entry (kind, value) VALUES (:k, :v) "
                f"RETURNING {_COLUMNS}"), {"k": kind, "v": into_value}).one()
            target = _entry(tuple(row))
        target = _canonical(conn, target)
        if target.id == source.id:
            raise refuse("dictionary_merge_self")
        conn.execute(text(
            "UPDATE app.dictionary_entry SET merged_into = :t, active = false "
            "WHERE id = :s OR merged_into = :s"), {"t": target.id, "s": source.id})
        row = conn.execute(text(
            "UPDATE app.dictionary_entry SET uses = uses + :n, active = true WHERE id = :t "
            f"RETURNING {_COLUMNS}"), {"n": source.uses, "t": target.id}).one()
    return _entry(tuple(row))


def retire(conn: Connection, kind: str, value: str) -> None:
    """Stop suggesting a value (it stays on records that use it)."""
    _update_one_value(conn, kind, value, "UPDATE app.dictionary_entry SET active = false "
                      "WHERE kind = :k AND value = :v RETURNING id")


def restore(conn: Connection, kind: str, value: str) -> None:
    """Suggest a retired value again (not a merged one: undo the merge first)."""
    _update_one_value(conn, kind, value, "UPDATE app.dictionary_entry SET active = true "
                      "WHERE kind = :k AND value = :v AND merged_into IS NULL RETURNING id")


def _update_one_value(conn: Connection, kind: str, value: str, update: str) -> None:
    """Run `update` (:k kind, :v value, RETURNING id) for the value; RecordMissing when it
    touched no entry."""
    value = validate_dictionary_value(kind, value)
    with saving(conn, "masterdata.edit"):
        found = conn.execute(text(update), {"k": kind, "v": value}).first()
        if found is None:
            raise RecordMissing(what=value)


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def suggestions(conn: Connection, kind: str, prefix: str = "", limit: int = 20) -> list[str]:
    """Active values starting with `prefix` (any case), most used first."""
    validate_dictionary_value(kind, "x")
    return list(conn.execute(text(
        "SELECT value FROM app.dictionary_entry WHERE kind = :k AND active "
        "AND value ILIKE :p ORDER BY uses DESC, value LIMIT :n"),
        {"k": kind, "p": _like_prefix(prefix.strip()), "n": max(1, min(limit, 500))}).scalars())


def entries(conn: Connection, kind: str, *, include_inactive: bool = False
            ) -> list[DictionaryEntry]:
    """A dictionary for the maintenance screen."""
    validate_dictionary_value(kind, "x")
    rows = conn.execute(text(
        f"SELECT {_COLUMNS} FROM app.dictionary_entry WHERE kind = :k "
        "AND (active OR :all) ORDER BY uses DESC, value"),
        {"k": kind, "all": include_inactive}).all()
    return [_entry(tuple(r)) for r in rows]


def get_entry(conn: Connection, entry_id: int) -> DictionaryEntry:
    row = conn.execute(text(f"SELECT {_COLUMNS} FROM app.dictionary_entry WHERE id = :i"),
                       {"i": entry_id}).first()
    if row is None:
        raise RecordMissing(what=str(entry_id))
    return _entry(tuple(row))


def add_entry(conn: Connection, kind: str, value: str) -> int:
    """Add a value to a dictionary before anyone used it (so it is suggested at once)."""
    value = validate_dictionary_value(kind, value)
    with saving(conn, "masterdata.edit"):
        added = conn.execute(text(
            "INSERT INTO app.dictionary_entry (kind, value) VALUES (:k, :v) "
            "ON CONFLICT (kind, value) DO NOTHING RETURNING id"), {"k": kind, "v": value}).scalar()
    if added is None:
        raise refuse("field_taken", field="value", label="value", value=value)
    return int(added)


def save_entry(conn: Connection, *, kind: str, value: str, id: int | None = None,
               active: bool = True) -> int:
    """The dictionary form's save: add a new value, or retire / restore an existing one."""
    if id is None:
        entry_id = add_entry(conn, kind, value)
        if not active:
            retire(conn, kind, value)
        return entry_id
    entry = get_entry(conn, id)
    if entry.active != active:
        (restore if active else retire)(conn, entry.kind, entry.value)
    return entry.id


"""The catalogue of refusals is complete: every code the SQL can raise and every code the
Python rules raise has an entry, every message can be filled from what its raisers give,
and every message is marked for translation."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from aftersales_desktop.core import sql_files
from aftersales_desktop.core.errors import Refused
from aftersales_desktop.core.paths import db_dir
from aftersales_desktop.domain import constraints, refusals, tickets
from aftersales_desktop.domain.refusals import REFUSALS, arguments_from_detail, refuse

PACKAGE = Path(refusals.__file__).resolve().parent.parent
SQL_DIR = db_dir() / "sql"
CURRENT_SQL = sorted(p for p in SQL_DIR.rglob("*.sql") if "superseded" not in p.parts)
REFUSE_CALL = re.compile(r"app\.refuse\(\s*'([a-z_]+)'\s*(?:,\s*(.*?))?\);", re.DOTALL)
HINT = re.compile(r"HINT\s*=\s*'aftersales:([a-z_]+)")
# app.transition_refusal returns the code that app.ticket_set_status raises
RETURNED_CODE = re.compile(r"RETURN\s+'([a-z_]+)'")


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def sql_codes(files: list[Path]) -> set[str]:
    codes: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        codes |= {m.group(1) for m in REFUSE_CALL.finditer(text)}
        codes |= set(HINT.findall(text))
        if path.name == "transition_refusal.sql":
            codes |= set(RETURNED_CODE.findall(text))
    for path in (db_dir() / "versions").glob("*.py"):
        codes |= set(HINT.findall(path.read_text(encoding="utf-8")))
    return codes


def _superseded_bodies(folder: Path) -> list[Path]:
    """Every superseded body (rebuilt from its delta) written below `folder`: a database
    that has not been upgraded yet still runs them."""
    written = []
    for revision, name in sql_files.frozen_versions():
        path = folder / revision / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql_files.text_at(name, revision), encoding="utf-8")
        written.append(path)
    return written


def test_every_code_the_sql_can_raise_is_in_the_catalogue(tmp_path: Path) -> None:
    codes = sql_codes(CURRENT_SQL + _superseded_bodies(tmp_path))
    assert len(codes) > 50  # the parse found them
    assert sorted(codes - set(REFUSALS)) == []


def test_a_new_sql_code_without_a_message_fails(tmp_path: Path) -> None:
    planted = tmp_path / "new_rule.sql"
    planted.write_text("BEGIN PERFORM app.refuse('stock_negative', 'qty'); END", "utf-8")
    assert sql_codes([planted]) - set(REFUSALS) == {"stock_negative"}


def test_sql_details_fill_every_message() -> None:
    """A plain DETAIL fills the entry's argument(s); a JSON DETAIL names its keys."""
    problems = []
    checked = 0
    for path in CURRENT_SQL:
        for match in REFUSE_CALL.finditer(path.read_text(encoding="utf-8")):
            checked += 1
            code, detail = match.group(1), (match.group(2) or "").strip()
            entry = REFUSALS[code]
            if "jsonb_build_object" in detail:
                given = set(re.findall(r"'([a-z_]+)',", detail))
            else:
                given = set(arguments_from_detail(entry, "x>y|z")) if detail else set()
            missing = _placeholders(entry.message) - given
            if missing:
                problems.append(f"{path.name}: {code} lacks {sorted(missing)}")
    # app.ticket_set_status (and a job's report) refuse through app.ticket_status_apply
    status = (SQL_DIR / "frontdesk" / "ticket_status_apply.sql").read_text(encoding="utf-8")
    status_keys = set(re.findall(r"'([a-z_]+)', (?:t\.status|p_status)", status))
    for code in RETURNED_CODE.findall(
            (SQL_DIR / "frontdesk" / "transition_refusal.sql").read_text(encoding="utf-8")):
        if _placeholders(REFUSALS[code].message) - status_keys:
            problems.append(f"ticket_set_status: {code} lacks "
                            f"{_placeholders(REFUSALS[code].message) - status_keys}")
    assert checked > 60
    assert problems == []


def _python_modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _constants(tree: ast.Module) -> dict[str, str]:
    return {target.id: node.value.value
            for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


# Where a code is computed rather than written out, and where its values come from.
COMPUTED_CODES = {
    # the work report's photos: the refusal domain.dispatch.photo_refusal names
    "report_photos.py:add_file": {"photo_format", "photo_too_large", "photo_too_many"},
    "fees.py:_money": {"discount_invalid", "paid_invalid", "discount_too_large",
                       "paid_too_large"},
    "filters.py:_parse_numbers": {"filter_int", "filter_money"},
    "filters.py:number": {"filter_int", "filter_money"},  # nested in _parse_numbers
    "tickets.py:check_transition": set(tickets.REFUSAL_CODES),
    # the ticket tab says why a status button is disabled (nested: both names)
    "ticket_actions.py:_status_blocked": set(tickets.REFUSAL_CODES),
    "ticket_actions.py:blocked": set(tickets.REFUSAL_CODES),
    "dispatch.py:check_job_action": {"job_state", "job_reviewed"},
    "jobs.py:add_photo": {"photo_format", "photo_too_large", "photo_too_many"},
    "errors.py:_refusal": set(),  # the code the database sent
    "errors.py:_constraint": set(),  # domain/constraints.py's codes, checked below
    "errors.py:user_error": {"server_busy", "read_only"},
    "errors.py:_data_error": {"data_too_long", "data_number_too_large", "data_malformed",
                              "data_datetime_invalid", "data_invalid"},
}


def test_every_code_the_python_rules_raise_is_in_the_catalogue() -> None:
    raised: set[str] = set()
    computed: set[str] = set()
    for path, tree in _python_modules():
        names = _constants(tree)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "refuse" and node.args):
                    continue
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    raised.add(first.value)
                elif isinstance(first, ast.Name) and first.id in names:
                    raised.add(names[first.id])
                else:
                    computed.add(f"{path.name}:{function.name}")
    assert len(raised) > 80
    assert sorted(raised - set(REFUSALS)) == []
    assert computed <= set(COMPUTED_CODES), computed - set(COMPUTED_CODES)
    assert sorted(set().union(*COMPUTED_CODES.values()) - set(REFUSALS)) == []


def test_rules_raise_catalogue_refusals_not_ad_hoc_messages() -> None:
    """domain/ and services/ refuse through the catalogue: no ValidationError(...) with a
    message of its own (a message written at the raise site would be a second home)."""
    found = []
    for path, tree in _python_modules():
        if path.parent.name == "core" or "ui" in path.parts:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("ValidationError", "Refused")):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def _own_messages(tree: ast.Module) -> list[str]:
    """Classes that carry a message of their own (`default_message = ...`)."""
    return [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            and any(isinstance(item, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "default_message" for t in item.targets)
                for item in node.body)]


def test_domain_errors_take_their_message_from_the_catalogue() -> None:
    """An error class of a pure rule has no message of its own either: it is raised as
    refuse('<code>', error_class=...) (documents.StaleDocument, tickets.TransitionRefused)."""
    found = {path.name: names for path, tree in _python_modules()
             if path.parent.name == "domain" and (names := _own_messages(tree))}
    assert found == {}
    planted = ast.parse("class Late(UserError):\n    default_message = QT_TR_NOOP('x')\n")
    assert _own_messages(planted) == ["Late"]


def test_every_message_is_marked_for_translation() -> None:
    marked: set[str] = set()
    for _path, tree in _python_modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "QT_TR_NOOP" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                marked.add(node.args[0].value)
    assert sorted(e.code for e in REFUSALS.values() if e.message not in marked) == []
    assert sorted(set(constraints.FIELD_LABELS.values()) - marked) == []


def test_label_tables_and_constraint_rules_resolve() -> None:
    for entry in REFUSALS.values():
        for argument, table in entry.labels:
            assert table == refusals.SOURCE_TEXT or refusals._label_table(table), (
                entry.code, argument)
            assert argument in _placeholders(entry.message), entry.code
    for name, rule in constraints.CONSTRAINTS.items():
        assert rule.code in REFUSALS, name
        if "{label}" in REFUSALS[rule.code].message:
            assert rule.field in constraints.FIELD_LABELS, name
        missing = _placeholders(REFUSALS[rule.code].message) - {"label", "value"} - {
            k for k, _ in rule.arguments}
        assert not missing, (name, missing)


def test_refuse_builds_the_entry_with_translated_labels() -> None:
    error = refuse("not_allowed", current="ready", target="cancelled")
    assert isinstance(error, Refused)
    assert (error.code, error.field) == ("not_allowed", "")
    assert error.text() == "A ticket that is Ready for pickup cannot become Cancelled."
    chinese = {"Ready for pickup": "待取", "Cancelled": "已撤销",
               "A ticket that is {current} cannot become {target}.":
               "{current}的单据不能改为{target}。"}
    assert error.text(lambda s: chinese.get(s, s)) == "待取的单据不能改为已撤销。"
    # a value without a label stays as it is, and is not looked up for translation
    assert refuse("unknown_status", status="fixed").text(lambda s: "!" + s) == (
        "!Unknown ticket status {status}.".format(status="fixed"))
    assert refuse("phone_required", field="mobile").field == "mobile"


@pytest.mark.parametrize(("code", "detail", "expected"), [
    ("underpaid", "80.00", {"due": "80.00"}),
    ("not_allowed", "ready>cancelled", {"current": "ready", "target": "cancelled"}),
    ("stale", "lina|2026-11-23 10:00:00+08", {"who": "lina", "when": "2026-11-23 10:00:00+08"}),
    ("customer_missing", "customer", {}),
    ("closed", "", {}),
])
def test_plain_details(code: str, detail: str, expected: dict[str, str]) -> None:
    assert arguments_from_detail(REFUSALS[code], detail) == expected


def test_a_missing_argument_reads_as_a_question_mark() -> None:
    assert refuse("underpaid").text() == "The customer has to pay at least ?."

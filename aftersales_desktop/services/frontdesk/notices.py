"""Customer notices: a phone call is logged as given; SMS and e-mail are recorded as
"sending" before the gateway is asked and as sent or failed after, so a failure (or a
crash in between) is never lost."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.domain.notices import NOTICE_KINDS
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services import notice_channels

from ._calls import as_json, call


def record_notice(conn: Connection, *, kind: str, channel: str, body: str, recipient: str = "",
                  ticket_id: int | None = None, preorder_id: int | None = None,
                  detail: str = "") -> int:
    if kind not in NOTICE_KINDS:
        raise refuse("notice_kind_invalid")
    if not body.strip():
        raise refuse("notice_text_required")
    payload = {"kind": kind, "channel": channel, "body": body.strip(),
               "recipient": recipient.strip(), "ticket_id": ticket_id,
               "preorder_id": preorder_id, "detail": detail.strip()}
    row = call(conn, "SELECT app.notice_log(CAST(:p AS jsonb))",
               {"p": as_json({k: v for k, v in payload.items() if v is not None})})
    return int(row["id"])


def record_result(conn: Connection, notice_id: int, ok: bool, detail: str) -> None:
    call(conn, "SELECT app.notice_result(:id, :ok, :d)",
         {"id": notice_id, "ok": ok, "d": detail})


def channel_settings(conn: Connection) -> dict[str, Any]:
    """The configured channels (readable with notice.send): {"sms": {...}, ...}."""
    rows = conn.execute(text("SELECT channel, config FROM app.notice_channel WHERE enabled"))
    return {channel: config for channel, config in rows}


def send_notice(conn: Connection, *, kind: str, channel: str, recipient: str, body: str,
                subject: str = "", ticket_id: int | None = None,
                preorder_id: int | None = None) -> tuple[int, bool, str]:
    """Give a notice by `channel`; returns (notice id, delivered, gateway detail).

    Phone calls are logged (1 round trip). SMS/e-mail: the channel settings and the
    "sending" row (2), the gateway, then the result (3).
    """
    if channel == "phone":
        return record_notice(conn, kind=kind, channel=channel, body=body, recipient=recipient,
                             ticket_id=ticket_id, preorder_id=preorder_id), True, ""
    configs = notice_channels.channels_from_settings(channel_settings(conn))
    if channel == "sms":
        recipient = notice_channels.normalize_phone(recipient)
    elif channel == "email":
        recipient = notice_channels.normalize_email(recipient)
    notice_id = record_notice(conn, kind=kind, channel=channel, body=body, recipient=recipient,
                              ticket_id=ticket_id, preorder_id=preorder_id)
    try:
        detail = notice_channels.deliver(channel, configs, recipient, subject, body)
    except UserError as exc:
        record_result(conn, notice_id, False, exc.text())
        return notice_id, False, exc.text()
    record_result(conn, notice_id, True, detail)
    return notice_id, True, detail

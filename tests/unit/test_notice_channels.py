"""SMS and e-mail delivery against real local servers (http.server, aiosmtpd).

No mocks: a ThreadingHTTPServer plays the SMS gateway and an aiosmtpd Controller the
mail server, both on 127.0.0.1; "unreachable" is a port that was just closed.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.services import notice_channels as nc
from aftersales_desktop.services.notice_channels import (
    DeliveryFailed,
    SmsGatewayConfig,
    SmtpConfig,
    channels_from_settings,
    deliver,
    offered_channels,
    send_email,
    send_sms,
)

TEXT = "王先生您好，您送修的美的空调（单号WX20240612-0031）已修复，请到城东维修中心取机。"
API_KEY = "sk-secret-4f1c9a"
PASSWORD = "pw-secret-77d2"


def closed_port() -> int:
    """A local port nothing listens on (it was bound a moment ago, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---- SMS gateway ----------------------------------------------------------------------


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    content_type: str


@dataclass
class Gateway:
    url: str
    status: int = 200
    body: str = '{"code":0,"msg":"ok"}'
    content_type: str = "application/json; charset=utf-8"
    requests: list[Received] = field(default_factory=list)

    def config(self, **changes: Any) -> SmsGatewayConfig:
        values: dict[str, Any] = {"url": self.url + "/send", "timeout": 2.0}
        values.update(changes)
        return SmsGatewayConfig(**values)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("ascii") if length else ""
            path, _, query = self.path.partition("?")
            state.requests.append(Received(
                method=self.command, path=path,
                query=urllib.parse.parse_qs(query, encoding="utf-8"),
                form=urllib.parse.parse_qs(raw, encoding="utf-8"),
                headers={k.lower(): v for k, v in self.headers.items()},
                content_type=self.headers.get("Content-Type", "")))
            payload = state.body.encode("utf-8")
            self.send_response(state.status)
            self.send_header("Content-Type", state.content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_sms_post_sends_form_fields_and_key_header(gateway: Gateway) -> None:
    config = gateway.config(api_key_header="X-Api-Key", api_key=API_KEY,
                            extra_params={"sign": "城东维修", "account": "shop1"},
                            success_contains='"code":0')
    summary = send_sms(config, "+86 138-0013 8000", TEXT)

    assert summary == 'HTTP 200: {"code":0,"msg":"ok"}'
    (request,) = gateway.requests
    assert request.method == "POST"
    assert request.path == "/send"
    assert request.query == {}
    assert request.content_type.startswith("application/x-www-form-urlencoded")
    assert request.form == {"mobile": ["13800138000"], "content": [TEXT],
                            "sign": ["城东维修"], "account": ["shop1"]}
    assert request.headers["x-api-key"] == API_KEY
    assert API_KEY not in summary


def test_sms_get_sends_query_parameters(gateway: Gateway) -> None:
    config = SmsGatewayConfig(url=gateway.url + "/api?user=shop1", method="GET",
                              phone_param="phone", text_param="msg", timeout=2.0)
    send_sms(config, "13800138000", TEXT)

    (request,) = gateway.requests
    assert request.method == "GET"
    assert request.path == "/api"
    assert request.query == {"user": ["shop1"], "phone": ["13800138000"], "msg": [TEXT]}
    assert request.form == {}
    assert "x-api-key" not in request.headers


def test_sms_without_key_header_sends_no_key(gateway: Gateway) -> None:
    send_sms(gateway.config(api_key=API_KEY), "13800138000", "hi")
    assert API_KEY not in str(gateway.requests[0].headers.values())


def test_sms_server_error_is_refused(gateway: Gateway) -> None:
    gateway.status = 500
    gateway.body = f"internal error, key {API_KEY} rejected"
    with pytest.raises(DeliveryFailed) as caught:
        send_sms(gateway.config(api_key_header="X-Api-Key", api_key=API_KEY),
                 "13800138000", TEXT)
    error = caught.value
    assert error.message == nc.SMS_REFUSED
    assert str(error).startswith("The SMS gateway refused the message: HTTP 500")
    assert "internal error" in error.reason
    assert API_KEY not in str(error) and API_KEY not in error.reason
    assert len(gateway.requests) == 1


def test_sms_body_without_success_text_is_refused(gateway: Gateway) -> None:
    gateway.body = '{"code":40001,"msg":"签名未报备"}'
    with pytest.raises(DeliveryFailed) as caught:
        send_sms(gateway.config(success_contains='"code":0,'), "13800138000", TEXT)
    assert caught.value.message == nc.SMS_REFUSED
    assert "签名未报备" in str(caught.value)
    assert "HTTP 200" in caught.value.reason


def test_sms_success_text_not_required_when_unset(gateway: Gateway) -> None:
    gateway.body = "anything"
    assert send_sms(gateway.config(), "13800138000", TEXT) == "HTTP 200: anything"


def test_sms_unreachable_gateway() -> None:
    config = SmsGatewayConfig(url=f"http://127.0.0.1:{closed_port()}/send", timeout=0.5,
                              api_key_header="X-Api-Key", api_key=API_KEY)
    with pytest.raises(DeliveryFailed) as caught:
        send_sms(config, "13800138000", TEXT)
    assert caught.value.message == nc.SMS_UNREACHABLE
    assert str(caught.value).startswith("Could not reach the SMS gateway: ")
    assert "refused" in caught.value.reason
    assert API_KEY not in str(caught.value)


def test_sms_gateway_that_never_answers_may_have_sent() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the kernel accepts the connection; nobody ever answers
        config = SmsGatewayConfig(url=f"http://127.0.0.1:{silent.getsockname()[1]}/send",
                                  timeout=0.3)
        with pytest.raises(DeliveryFailed) as caught:
            send_sms(config, "13800138000", TEXT)
    assert caught.value.message == nc.SMS_NO_ANSWER
    assert "0.3 seconds" in str(caught.value)


# The gateway gets the mobile's 11 digits by the one phone rule (domain/notices.py
# sms_recipient; tests/db/test_rules_agree.py runs these through app.sms_recipient too).
SMS_RECIPIENT_CASES: list[tuple[str, str]] = [
    ("13800138000", "13800138000"),
    (" 138 0013 8000 ", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("+8613800138000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("0086 138 0013 8000", "13800138000"),
    ("(138) 0013-8000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),  # typed with a Chinese IME
    ("\u3000138\t0013\u00a08000\n", "13800138000"),
]
# (typed, code): a landline takes no SMS
SMS_RECIPIENT_REFUSED: list[tuple[str | None, str]] = [
    ("", "phone_required"), ("   ", "phone_required"), ("\u3000\t", "phone_required"),
    (None, "phone_required"),
    ("abc", "recipient_phone_invalid"), ("138OO138000", "recipient_phone_invalid"),
    ("+1 555 0100x", "recipient_phone_invalid"), ("1234", "recipient_phone_invalid"),
    ("1" * 16, "recipient_phone_invalid"), ("12800138000", "recipient_phone_invalid"),
    ("1380013800", "recipient_phone_invalid"), ("+86 0571 8888 6666", "recipient_phone_invalid"),
    ("0571-88886666", "recipient_phone_invalid"), ("(0571)88886666", "recipient_phone_invalid"),
    ("010-12345678", "recipient_phone_invalid"),
    ("13800138000\nX-Injected: 1", "recipient_phone_invalid"),
    ("13800138000,13900139000", "recipient_phone_invalid"),
]


@pytest.mark.parametrize(("phone", "sent"), SMS_RECIPIENT_CASES)
def test_sms_phone_is_normalized(gateway: Gateway, phone: str, sent: str) -> None:
    send_sms(gateway.config(), phone, "hi")
    assert gateway.requests[0].form["mobile"] == [sent]


@pytest.mark.parametrize(("phone", "code"), SMS_RECIPIENT_REFUSED)
def test_sms_bad_phone_is_a_validation_error(gateway: Gateway, phone: str | None,
                                             code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        send_sms(gateway.config(), phone, TEXT)  # type: ignore[arg-type]
    assert caught.value.field == "recipient"
    assert getattr(caught.value, "code", None) == code
    assert not isinstance(caught.value, DeliveryFailed)
    assert gateway.requests == []


def test_a_landline_is_refused_as_no_mobile() -> None:
    with pytest.raises(ValidationError) as caught:
        nc.normalize_phone("0571-8888 6666")
    assert caught.value.text() == (
        "0571-8888 6666 is not a mobile phone number. A text message goes to an 11-digit "
        "mobile number, for example 138 1234 5678.")


# ---- mail server ----------------------------------------------------------------------


@dataclass
class MailServer:
    host: str
    port: int
    data_reply: str = "250 Message accepted for delivery"
    rcpt_reply: str = ""
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    def config(self, **changes: Any) -> SmtpConfig:
        values: dict[str, Any] = {"host": self.host, "port": self.port, "security": "none",
                                  "sender": "城东维修 <service@shop.example>", "timeout": 2.0}
        values.update(changes)
        return SmtpConfig(**values)

    def parsed(self, index: int = 0) -> EmailMessage:
        message = email.message_from_bytes(self.messages[index][2],
                                           policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


class Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if self.server.rcpt_reply:
            return self.server.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.server.data_reply.startswith("250"):
            self.server.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return self.server.data_reply


def _refuse_everyone(server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
    return AuthResult(success=False, handled=False)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    state = MailServer(host="127.0.0.1", port=closed_port())
    controller = Controller(Handler(state), hostname=state.host, port=state.port,
                            server_hostname="mail.test", ready_timeout=5.0,
                            authenticator=_refuse_everyone, auth_require_tls=False)
    controller.start()
    try:
        yield state
    finally:
        controller.stop()


def test_email_is_delivered_with_utf8_subject_and_body(mail_server: MailServer) -> None:
    subject = "【城东维修】维修完成通知"
    summary = send_email(mail_server.config(), " zhang.san@example.com ", subject, TEXT)

    assert summary.startswith("250 ")
    (mail_from, recipients, _raw) = mail_server.messages[0]
    assert mail_from == "service@shop.example"
    assert recipients == ["zhang.san@example.com"]
    message = mail_server.parsed()
    assert message["Subject"] == subject
    assert message["To"] == "zhang.san@example.com"
    assert message["From"] == "城东维修 <service@shop.example>"
    assert message["Message-ID"].endswith("@shop.example>")
    assert message["Date"]
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    # canonical MIME text: CRLF line ends inside the encoded body (RFC 2046 4.1.1)
    assert message.get_content() == TEXT + "\r\n"
    assert _raw.isascii(), "7-bit transfer: no server needs 8BITMIME"


def test_email_multiline_body(mail_server: MailServer) -> None:
    send_email(mail_server.config(), "a@example.com", "s", "第一行\n.\n第三行")
    body = mail_server.parsed().get_content()
    assert body.replace("\r\n", "\n") == "第一行\n.\n第三行\n"


def test_email_subject_newlines_cannot_inject_headers(mail_server: MailServer) -> None:
    send_email(mail_server.config(), "a@example.com", "Hi\r\nBcc: evil@example.com", "x")
    message = mail_server.parsed()
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: evil@example.com"


def test_email_refused_at_data(mail_server: MailServer) -> None:
    mail_server.data_reply = "550 mailbox unavailable"
    with pytest.raises(DeliveryFailed) as caught:
        send_email(mail_server.config(), "a@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_REFUSED
    assert str(caught.value) == "The mail server refused the message: 550 mailbox unavailable"
    assert mail_server.messages == []


def test_email_recipient_refused(mail_server: MailServer) -> None:
    mail_server.rcpt_reply = "550 5.1.1 no such user"
    with pytest.raises(DeliveryFailed) as caught:
        send_email(mail_server.config(), "nobody@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_REFUSED
    assert "550 5.1.1 no such user" in caught.value.reason


def test_email_login_failure_does_not_show_the_password(mail_server: MailServer) -> None:
    with pytest.raises(DeliveryFailed) as caught:
        send_email(mail_server.config(username="service@shop.example", password=PASSWORD),
                   "a@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_REFUSED
    assert caught.value.reason.startswith("login failed: 535")
    assert PASSWORD not in str(caught.value)
    assert mail_server.messages == []


def test_email_unreachable_server() -> None:
    config = SmtpConfig(host="127.0.0.1", port=closed_port(), security="none",
                        sender="service@shop.example", password=PASSWORD, timeout=0.5)
    with pytest.raises(DeliveryFailed) as caught:
        send_email(config, "a@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_UNREACHABLE
    assert str(caught.value) == "Could not reach the mail server: connection refused"


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_email_unreachable_with_tls(security: str) -> None:
    config = SmtpConfig(host="127.0.0.1", port=closed_port(), security=security,
                        sender="service@shop.example", timeout=0.5)
    with pytest.raises(DeliveryFailed) as caught:
        send_email(config, "a@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_UNREACHABLE


def test_email_starttls_not_offered_is_refused(mail_server: MailServer) -> None:
    with pytest.raises(DeliveryFailed) as caught:
        send_email(mail_server.config(security="starttls"), "a@example.com", "s", TEXT)
    assert caught.value.message == nc.MAIL_REFUSED
    assert "STARTTLS" in caught.value.reason
    assert mail_server.messages == []


@pytest.mark.parametrize("address", ["", "zhang", "zhang@", "@example.com", "a@b",
                                     "a b@example.com", "a@example..com", "张三@example.com",
                                     "a@example.com\r\nBcc: b@example.com",
                                     "a@example.com, b@example.com"])
def test_email_bad_address_is_a_validation_error(mail_server: MailServer,
                                                 address: str) -> None:
    with pytest.raises(ValidationError) as caught:
        send_email(mail_server.config(), address, "s", TEXT)
    assert caught.value.field == "recipient"
    assert not isinstance(caught.value, DeliveryFailed)
    assert mail_server.messages == []


# ---- settings and dispatch ------------------------------------------------------------

FULL_SMS = {"url": "https://sms.example.com/send", "method": "get", "phone_param": "phone",
            "text_param": "msg", "extra_params": {"sign": "城东"},
            "api_key_header": "X-Api-Key", "api_key": API_KEY,
            "success_contains": "OK", "timeout": "5"}
FULL_EMAIL = {"host": "smtp.example.com", "port": "587", "security": "STARTTLS",
              "username": "u", "password": PASSWORD, "sender": "城东 <s@shop.example>",
              "timeout": 7}


def test_channels_from_settings_parses_everything() -> None:
    found = channels_from_settings({"sms": FULL_SMS, "email": FULL_EMAIL, "fax": {"x": 1}})
    assert found == {
        "sms": SmsGatewayConfig(url="https://sms.example.com/send", method="GET",
                                phone_param="phone", text_param="msg",
                                extra_params={"sign": "城东"}, api_key_header="X-Api-Key",
                                api_key=API_KEY, success_contains="OK", timeout=5.0),
        "email": SmtpConfig(host="smtp.example.com", port=587, security="starttls",
                            username="u", password=PASSWORD, sender="城东 <s@shop.example>",
                            timeout=7.0),
    }
    assert API_KEY not in repr(found) and PASSWORD not in repr(found)


def test_defaults_for_minimal_settings() -> None:
    found = channels_from_settings({"sms": {"url": "http://gw.local/send"},
                                    "email": {"host": "mail.local", "sender": "a@shop.example"}})
    assert found["sms"] == SmsGatewayConfig(url="http://gw.local/send")
    assert found["email"] == SmtpConfig(host="mail.local", port=465, security="ssl",
                                        sender="a@shop.example")


@pytest.mark.parametrize(("security", "port"), [("ssl", 465), ("starttls", 587), ("none", 25)])
def test_smtp_port_defaults_by_security(security: str, port: int) -> None:
    found = channels_from_settings({"email": {"host": "h", "sender": "a@b.example",
                                              "security": security}})
    assert isinstance(found["email"], SmtpConfig)
    assert found["email"].port == port


# (settings, channels offered)
OFFERED_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["phone"]),
    ({"sms": None, "email": None}, ["phone"]),
    ({"sms": {}, "email": {}}, ["phone"]),
    ({"sms": FULL_SMS}, ["phone", "sms"]),
    ({"email": FULL_EMAIL}, ["phone", "email"]),
    ({"email": FULL_EMAIL, "sms": FULL_SMS}, ["phone", "sms", "email"]),
    ({"sms": {**FULL_SMS, "url": ""}}, ["phone"]),
    ({"sms": {**FULL_SMS, "url": "   "}}, ["phone"]),
    ({"sms": {**FULL_SMS, "url": "file:///etc/passwd"}}, ["phone"]),
    ({"sms": {**FULL_SMS, "url": "sms.example.com/send"}}, ["phone"]),
    ({"sms": {**FULL_SMS, "method": "PUT"}}, ["phone"]),
    ({"sms": {**FULL_SMS, "phone_param": "x", "text_param": "x"}}, ["phone"]),
    ({"sms": {**FULL_SMS, "extra_params": ["a"]}}, ["phone"]),
    ({"sms": {**FULL_SMS, "api_key": {"nested": API_KEY}}}, ["phone"]),
    ({"sms": {**FULL_SMS, "timeout": "soon"}}, ["phone"]),
    ({"sms": {**FULL_SMS, "timeout": 0}}, ["phone"]),
    ({"sms": {**FULL_SMS, "enabled": False}}, ["phone"]),
    ({"sms": {**FULL_SMS, "enabled": True}}, ["phone", "sms"]),
    ({"email": {**FULL_EMAIL, "host": ""}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "sender": ""}}, ["phone"]),
    ({"email": {key: v for key, v in FULL_EMAIL.items() if key != "sender"}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "sender": "not an address"}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "security": "tls13"}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "port": "smtp"}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "port": 70000}}, ["phone"]),
    ({"email": {**FULL_EMAIL, "enabled": False}, "sms": FULL_SMS}, ["phone", "sms"]),
    ({"phone": {"anything": 1}}, ["phone"]),
]


@pytest.mark.parametrize(("settings", "offered"), OFFERED_CASES)
def test_offered_channels(settings: dict[str, Any], offered: list[str]) -> None:
    assert offered_channels(settings) == offered
    assert sorted(channels_from_settings(settings)) == sorted(c for c in offered
                                                              if c != "phone")


def test_parse_errors_name_the_setting_without_secrets() -> None:
    with pytest.raises(ValidationError) as caught:
        nc.parse_sms_config({**FULL_SMS, "api_key": [API_KEY]})
    assert caught.value.field == "api_key"
    assert API_KEY not in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        nc.parse_smtp_config({"sender": "a@b.example"})
    assert caught.value.field == "host"
    assert str(caught.value) == "The setting host is required."


def test_deliver_dispatches(gateway: Gateway, mail_server: MailServer) -> None:
    configs: dict[str, nc.ChannelConfig] = {"sms": gateway.config(),
                                             "email": mail_server.config()}
    assert deliver("sms", configs, "13800138000", "ignored", TEXT).startswith("HTTP 200")
    assert gateway.requests[0].form["content"] == [TEXT]
    assert deliver("email", configs, "a@example.com", "主题", TEXT).startswith("250")
    assert mail_server.parsed()["Subject"] == "主题"


def test_deliver_phone_and_unknown_channels_are_bugs() -> None:
    with pytest.raises(ValueError, match="by hand"):
        deliver("phone", {}, "13800138000", "", TEXT)
    with pytest.raises(ValueError, match="unknown"):
        deliver("fax", {}, "13800138000", "", TEXT)


@pytest.mark.parametrize(("channel", "message"), [("sms", nc.SMS_NOT_SET_UP),
                                                   ("email", nc.EMAIL_NOT_SET_UP)])
def test_deliver_unconfigured_channel(channel: str, message: str) -> None:
    with pytest.raises(DeliveryFailed) as caught:
        deliver(channel, {}, "13800138000", "", TEXT)
    assert caught.value.message == message

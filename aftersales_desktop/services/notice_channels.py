"""Sending customer notices by SMS (a generic HTTP gateway) or e-mail (SMTP).

Standard library only, no Qt and no database: the caller reads the channel settings
(app.notice_channel.config, one jsonb object per channel), logs the notice as
'sending' (app.notice_log), calls `deliver` and records the outcome with
app.notice_result: the returned summary when it worked, `str(error)` of the
DeliveryFailed when it did not. A phone call is not delivered here; the operator makes
it and logs it by hand.

Settings, as stored (keys other than these are ignored):

    sms:   {"url": "https://sms.example.com/send", "method": "POST", "phone_param": "mobile",
            "text_param": "content", "extra_params": {"sign": "..."},
            "api_key_header": "X-Api-Key", "api_key": "...", "success_contains": "\\"code\\":0",
            "timeout": 10}
    email: {"host": "smtp.example.com", "port": 465, "security": "ssl", "username": "...",
            "password": "...", "sender": "城东维修 <service@example.com>", "timeout": 10}

The api key and the password never appear in a message, a summary or a repr.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from aftersales_desktop.core.errors import UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.notices import EMAIL, PHONE, SMS, sms_recipient
from aftersales_desktop.domain.refusals import refuse

SMS_METHODS = ("POST", "GET")
SMTP_SECURITY = ("ssl", "starttls", "none")
DEFAULT_SMTP_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
# how much of a gateway's answer is kept for the record / shown in an error
SUMMARY_LIMIT = 200
RESPONSE_LIMIT = 64 * 1024

SMS_REFUSED = QT_TR_NOOP("The SMS gateway refused the message: {reason}")
SMS_UNREACHABLE = QT_TR_NOOP("Could not reach the SMS gateway: {reason}")
SMS_NO_ANSWER = QT_TR_NOOP(
    "The SMS gateway did not answer within {seconds} seconds; the message may or may not "
    "have been sent. Check with the gateway before sending it again."
)
MAIL_REFUSED = QT_TR_NOOP("The mail server refused the message: {reason}")
MAIL_UNREACHABLE = QT_TR_NOOP("Could not reach the mail server: {reason}")
SMS_NOT_SET_UP = QT_TR_NOOP(
    "Sending SMS is not set up. Ask a manager to configure the SMS gateway in the settings."
)
EMAIL_NOT_SET_UP = QT_TR_NOOP(
    "Sending e-mail is not set up. Ask a manager to configure the mail server in the settings."
)
# refusal codes (domain/refusals.py)
BAD_EMAIL = "recipient_email_invalid"
SETTING_MISSING = "setting_missing"
SETTING_INVALID = "setting_invalid"
SETTING_NOT_TEXT = "setting_not_text"


class DeliveryFailed(UserError):
    """The gateway or mail server did not take the notice; `reason` is its answer."""

    default_message = QT_TR_NOOP("The notice could not be sent: {reason}")

    def __init__(self, message: str | None = None, /, **arguments: Any) -> None:
        self.reason: str = str(arguments.get("reason", ""))
        super().__init__(message, **arguments)


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+",
                    re.ASCII)


# ---- configuration --------------------------------------------------------------------


@dataclass(frozen=True)
class SmsGatewayConfig:
    """A generic HTTP SMS gateway: form fields (POST) or query parameters (GET).

    Sent: extra_params plus phone_param=<number> and text_param=<text>, UTF-8. It
    worked when the answer is HTTP 2xx and, if success_contains is set, its body
    contains that text (many gateways answer 200 with an error code in the body).
    """

    url: str
    method: str = "POST"
    phone_param: str = "mobile"
    text_param: str = "content"
    extra_params: Mapping[str, str] = field(default_factory=dict)
    api_key_header: str = ""
    api_key: str = field(default="", repr=False)
    success_contains: str = ""
    timeout: float = 10.0


@dataclass(frozen=True)
class SmtpConfig:
    """A mail server; security "ssl" (implicit TLS), "starttls" or "none"."""

    host: str
    port: int = 465
    security: str = "ssl"
    username: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    timeout: float = 10.0


ChannelConfig = SmsGatewayConfig | SmtpConfig


def _text(raw: Mapping[str, Any], key: str, default: str = "") -> str:
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise refuse(SETTING_NOT_TEXT, field=key, setting=key)  # no value: may be a secret
    return str(value).strip()


def _timeout(raw: Mapping[str, Any]) -> float:
    value = raw.get("timeout", 10.0)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise refuse(SETTING_INVALID, field="timeout", setting="timeout",
                              value=repr(value)) from None
    if not 0 < seconds <= 300:
        raise refuse(SETTING_INVALID, field="timeout", setting="timeout", value=repr(value))
    return seconds


def parse_sms_config(raw: Mapping[str, Any]) -> SmsGatewayConfig:
    """The SMS gateway settings, or ValidationError naming the wrong setting."""
    url = _text(raw, "url")
    if not url:
        raise refuse(SETTING_MISSING, field="url", setting="url")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise refuse(SETTING_INVALID, field="url", setting="url", value=url)
    method = _text(raw, "method", "POST").upper()
    if method not in SMS_METHODS:
        raise refuse(SETTING_INVALID, field="method", setting="method", value=method)
    extra = raw.get("extra_params") or {}
    if not isinstance(extra, Mapping):
        raise refuse(SETTING_INVALID, field="extra_params", setting="extra_params",
                              value=repr(extra))
    extra_params = {str(k): _text(extra, k) for k in extra}
    phone_param = _text(raw, "phone_param", "mobile") or "mobile"
    text_param = _text(raw, "text_param", "content") or "content"
    if phone_param == text_param:
        raise refuse(SETTING_INVALID, field="text_param", setting="text_param",
                              value=text_param)
    header = _text(raw, "api_key_header")
    if header and not re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", header):
        raise refuse(SETTING_INVALID, field="api_key_header", setting="api_key_header",
                              value=header)
    return SmsGatewayConfig(
        url=url, method=method, phone_param=phone_param, text_param=text_param,
        extra_params=extra_params, api_key_header=header, api_key=_text(raw, "api_key"),
        success_contains=_text(raw, "success_contains"), timeout=_timeout(raw))


def parse_smtp_config(raw: Mapping[str, Any]) -> SmtpConfig:
    """The mail server settings, or ValidationError naming the wrong setting."""
    host = _text(raw, "host")
    if not host:
        raise refuse(SETTING_MISSING, field="host", setting="host")
    if any(c.isspace() or c in "/@" for c in host):
        raise refuse(SETTING_INVALID, field="host", setting="host", value=host)
    security = _text(raw, "security", "ssl").lower()
    if security not in SMTP_SECURITY:
        raise refuse(SETTING_INVALID, field="security", setting="security", value=security)
    port_value = raw.get("port")
    if port_value in (None, ""):
        port = DEFAULT_SMTP_PORTS[security]
    else:
        try:
            port = int(str(port_value))
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise refuse(SETTING_INVALID, field="port", setting="port",
                                  value=repr(port_value))
    sender = _text(raw, "sender")
    if not sender:
        raise refuse(SETTING_MISSING, field="sender", setting="sender")
    if not _EMAIL.fullmatch(parseaddr(sender)[1]):
        raise refuse(SETTING_INVALID, field="sender", setting="sender", value=sender)
    return SmtpConfig(host=host, port=port, security=security,
                      username=_text(raw, "username"), password=_text(raw, "password"),
                      sender=sender, timeout=_timeout(raw))


def channels_from_settings(raw: Mapping[str, Any]) -> dict[str, ChannelConfig]:
    """{"sms": ..., "email": ...} for the channels that are set up.

    `raw` maps a channel to its settings object. A channel that is missing, switched
    off ("enabled": false) or incomplete or invalid (see parse_*_config for why) is
    simply left out, so it is not offered at the counter.
    """
    found: dict[str, ChannelConfig] = {}
    parsers = ((SMS, parse_sms_config), (EMAIL, parse_smtp_config))
    for channel, parse in parsers:
        settings = raw.get(channel)
        if not isinstance(settings, Mapping) or settings.get("enabled", True) is False:
            continue
        try:
            found[channel] = parse(settings)
        except ValidationError:
            continue
    return found


def offered_channels(raw: Mapping[str, Any]) -> list[str]:
    """The channels the counter may choose: always "phone" first, then the set-up ones."""
    configured = channels_from_settings(raw)
    return [PHONE, *(c for c in (SMS, EMAIL) if c in configured)]


# ---- recipients -----------------------------------------------------------------------

def normalize_phone(phone: str) -> str:
    """The number a gateway is given: the mobile's 11 digits by the one phone rule
    (domain/notices.py sms_recipient, app.sms_recipient in the database)."""
    return sms_recipient(phone)


def normalize_email(address: str) -> str:
    value = (address or "").strip()
    if not _EMAIL.fullmatch(value) or ".." in value:
        raise refuse(BAD_EMAIL, field="recipient", value=address)
    return value


# ---- sending --------------------------------------------------------------------------


def _short(text: str, secrets: tuple[str, ...] = ()) -> str:
    """One line of at most SUMMARY_LIMIT characters, secrets blanked out."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[:SUMMARY_LIMIT - 1] + "…"


def _decode(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _reason(error: BaseException) -> str:
    """A short English reason for a network error (no addresses, no secrets)."""
    if isinstance(error, urllib.error.URLError):
        if not isinstance(error.reason, BaseException):
            return str(error.reason)
        error = error.reason
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__


def send_sms(config: SmsGatewayConfig, phone: str, text: str) -> str:
    """Send one text; return the gateway's answer for the record ("HTTP 200: ...").

    Raises ValidationError(field="recipient") for a number that is not one and
    DeliveryFailed when the gateway cannot be reached or does not accept the message.
    """
    number = normalize_phone(phone)
    secrets = (config.api_key,)
    params = {**config.extra_params, config.phone_param: number, config.text_param: text}
    encoded = urllib.parse.urlencode(params, encoding="utf-8")
    headers = {"Accept": "*/*", "User-Agent": "aftersales-desktop"}
    if config.api_key_header and config.api_key:
        headers[config.api_key_header] = config.api_key
    if config.method == "GET":
        joiner = "&" if urllib.parse.urlsplit(config.url).query else "?"
        url = config.url.rstrip("?&") + joiner + encoded if encoded else config.url
        request = urllib.request.Request(url, headers=headers, method="GET")
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        request = urllib.request.Request(config.url, data=encoded.encode("ascii"),
                                         headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            status = int(response.status)
            body = _decode(response.read(RESPONSE_LIMIT),
                           response.headers.get_content_charset())
    except urllib.error.HTTPError as error:
        try:
            charset = error.headers.get_content_charset() if error.headers else None
            detail = _decode(error.read(RESPONSE_LIMIT), charset)
        except (OSError, http.client.HTTPException):
            detail = ""
        finally:
            error.close()
        reason = _short(f"HTTP {error.code} {error.reason} {detail}", secrets)
        raise DeliveryFailed(SMS_REFUSED, reason=reason) from None
    except (OSError, http.client.HTTPException) as error:
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(cause, TimeoutError):
            # urllib cannot tell a connect timeout from a gateway that took the request
            # and never answered: say it may have been sent rather than risk a duplicate
            raise DeliveryFailed(SMS_NO_ANSWER, reason="timed out",
                                 seconds=f"{config.timeout:g}") from None
        raise DeliveryFailed(SMS_UNREACHABLE, reason=_short(_reason(error), secrets)) from None
    summary = _short(f"HTTP {status}: {body}", secrets)
    if not 200 <= status < 300:
        raise DeliveryFailed(SMS_REFUSED, reason=summary)
    if config.success_contains and config.success_contains not in body:
        raise DeliveryFailed(SMS_REFUSED, reason=summary)
    return summary


def _smtp_reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return f"{code} {text}"


def _build_email(config: SmtpConfig, address: str, subject: str, text: str) -> EmailMessage:
    # 7bit: the UTF-8 body goes base64 / quoted-printable, so no server needs 8BITMIME
    message = EmailMessage(policy=SMTP_POLICY.clone(cte_type="7bit"))
    message["From"] = config.sender
    message["To"] = address
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(config.sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text, charset="utf-8")
    return message


def send_email(config: SmtpConfig, address: str, subject: str, text: str) -> str:
    """Send one e-mail; return the server's last answer for the record ("250 ...").

    Raises ValidationError(field="recipient") for an address that is not one and
    DeliveryFailed when the server cannot be reached or does not accept the message.
    """
    recipient = normalize_email(address)
    message = _build_email(config, recipient, subject, text)
    envelope_from = parseaddr(config.sender)[1]
    secrets = (config.password,)
    smtp: smtplib.SMTP
    if config.security == "ssl":
        smtp = smtplib.SMTP_SSL(timeout=config.timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(timeout=config.timeout)
    try:
        try:
            code, reply = smtp.connect(config.host, config.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, reply)
            if config.security == "starttls":
                smtp.ehlo()
                smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo_or_helo_if_needed()
            if config.username:
                smtp.login(config.username, config.password)
            code, reply = smtp.mail(envelope_from)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, envelope_from)
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
            code, reply = smtp.data(message.as_bytes())  # raises only if DATA is refused
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            summary = _short(_smtp_reply(code, reply), secrets)
            # the message was accepted; a rude goodbye does not matter
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            return summary
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise DeliveryFailed(MAIL_REFUSED,
                                 reason=_short(_smtp_reply(code, reply), secrets)) from None
        except smtplib.SMTPAuthenticationError as error:
            reason = "login failed: " + _smtp_reply(error.smtp_code, error.smtp_error)
            raise DeliveryFailed(MAIL_REFUSED, reason=_short(reason, secrets)) from None
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
            raise DeliveryFailed(MAIL_UNREACHABLE,
                                 reason=_short(_reason(error), secrets)) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryFailed(
                MAIL_REFUSED,
                reason=_short(_smtp_reply(error.smtp_code, error.smtp_error), secrets),
            ) from None
        except smtplib.SMTPNotSupportedError as error:
            raise DeliveryFailed(MAIL_REFUSED, reason=_short(str(error), secrets)) from None
        except (OSError, smtplib.SMTPException) as error:
            # refused / unknown host / timeout / TLS handshake
            raise DeliveryFailed(MAIL_UNREACHABLE,
                                 reason=_short(_reason(error), secrets)) from None
    finally:
        smtp.close()


def deliver(channel: str, configs: Mapping[str, ChannelConfig], recipient: str,
            subject: str, text: str) -> str:
    """Send a notice by SMS or e-mail; return the summary for the record.

    "phone" cannot be delivered (the operator calls and logs it): ValueError, as for
    an unknown channel. A channel without settings: DeliveryFailed ("not set up").
    `subject` is used by e-mail only.
    """
    if channel == SMS:
        sms = configs.get(SMS)
        if not isinstance(sms, SmsGatewayConfig):
            raise DeliveryFailed(SMS_NOT_SET_UP, reason="not set up")
        return send_sms(sms, recipient, text)
    if channel == EMAIL:
        mail = configs.get(EMAIL)
        if not isinstance(mail, SmtpConfig):
            raise DeliveryFailed(EMAIL_NOT_SET_UP, reason="not set up")
        return send_email(mail, recipient, subject, text)
    if channel == PHONE:
        raise ValueError("phone calls are made and logged by hand, not delivered")
    raise ValueError(f"unknown notice channel {channel!r}")

"""Translation markers usable without Qt.

Services and domain rules raise errors whose text is an English source string.
`QT_TR_NOOP` marks it so `pyside6-lupdate` collects it into resources/i18n; the
UI translates it at display time (context ""), so this layer never imports Qt.

One English word can mean two things ("Parts": the spare parts on a bill, or the
parts warehouse). `QT_TR_NOOP(text, disambiguation)` marks such a use: lupdate keeps
the two apart (the second argument becomes the message's comment) and the text
returned carries the disambiguation, so `tr()` in the UI finds its own translation.
"""

from typing import Self


class Source(str):
    """An English source string with the disambiguation that selects its translation."""

    disambiguation: str

    def __new__(cls, text: str, disambiguation: str) -> Self:
        made = super().__new__(cls, text)
        made.disambiguation = disambiguation
        return made


def QT_TR_NOOP(text: str, disambiguation: str | None = None) -> str:
    return Source(text, disambiguation) if disambiguation else text


def _is_wide(char: str) -> bool:
    # CJK ideographs, CJK punctuation and full-width forms take the full-width colon
    return "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef"


def labelled(label: str, value: str = "") -> str:
    """`label` (already translated) followed by a colon in its own script, then `value`.

    A Chinese label takes the full-width colon, with no space ("电话：0571…"); an English
    one ": " ("Tel.: 0571…"). Printed slips glue a translated label to a value, so the
    colon must follow the translation, not the English source.
    """
    if label and _is_wide(label[-1]):
        return f"{label}：{value}"
    return f"{label}: {value}" if value else f"{label}:"

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

"""Translation markers usable without Qt.

Services and domain rules raise errors whose text is an English source string.
`QT_TR_NOOP` marks it so `pyside6-lupdate` collects it into resources/i18n; the
UI translates it at display time (context ""), so this layer never imports Qt.
"""


def QT_TR_NOOP(text: str) -> str:
    return text

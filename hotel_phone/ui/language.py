"""Live switching of the UI language: widgets re-translate on a signal."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from hotel_phone import i18n


class LanguageHub(QObject):
    """One per application; widgets connect `language_changed` to their retranslate()."""

    language_changed = Signal(str)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        self._qt = QTranslator(self)
        self._installed = False

    def set_language(self, lang: str) -> None:
        lang = i18n.normalize(lang)
        i18n.set_language(lang)
        if self._installed:
            self._app.removeTranslator(self._qt)
            self._installed = False
        if lang == "zh_CN":
            # Qt's own strings (stock buttons, file dialogs) in Chinese too.
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if self._qt.load("qtbase_zh_CN", folder):
                self._app.installTranslator(self._qt)
                self._installed = True
        QLocale.setDefault(QLocale("zh_CN")
                           if lang == "zh_CN" else QLocale("en_GB"))
        self.language_changed.emit(lang)


_hub: LanguageHub | None = None


def hub() -> LanguageHub:
    global _hub
    if _hub is None:
        _hub = LanguageHub(QApplication.instance())
    return _hub

"""The message a second start shows when the running one never answers, in both languages."""

from shots import shot, start

app, _tmp = start()

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from hotel_phone.i18n import _  # noqa: E402
from hotel_phone.ui import app as gui  # noqa: E402
from hotel_phone.ui.language import hub  # noqa: E402

for lang in ("en", "zh_CN"):
    hub().set_language(lang)
    box = QMessageBox(QMessageBox.Icon.Warning, "hotel_phone", _(gui.NO_ANSWER))
    shot(box, f"second-start-no-answer-{lang}")
    box.close()

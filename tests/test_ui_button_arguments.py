"""A button's clicked (and an action's triggered) passes a bool: no slot it is wired to may take an argument.

Connected straight to a method with an optional parameter, the bool lands in
that parameter (the inquiry answer was stored as the text "False"). This walks
every `.clicked.connect(self.x)` / `.triggered.connect(self.x)` in the UI code
and checks the method's signature; the inquiry answer is also driven for real.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from hotel_phone import ui

UI = Path(ui.__file__).parent
SIGNALS = {"clicked", "triggered", "toggled"}


def _connections():
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
            for node in ast.walk(cls):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "connect" and isinstance(node.func.value, ast.Attribute)
                        and node.func.value.attr in SIGNALS and node.args):
                    continue
                target = node.args[0]
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == "self" and target.attr in methods):
                    yield path.name, cls.name, node.func.value.attr, methods[target.attr]


CONNECTIONS = list(_connections())


def test_the_walk_finds_the_buttons():
    assert len(CONNECTIONS) > 30


@pytest.mark.parametrize("where,cls,signal,method", CONNECTIONS,
                         ids=[f"{c[1]}.{c[3].name}" for c in CONNECTIONS])
def test_no_slot_takes_the_checked_flag(where, cls, signal, method):
    params = method.args.args[1:] + method.args.kwonlyargs
    if signal == "toggled":
        return  # toggled's bool is the state, meant to be received
    assert not params and method.args.vararg is None, (
        f"{where}: {cls}.{method.name} is connected to {signal} but takes {[p.arg for p in params]}; "
        "wrap it in a lambda")


def test_inquiry_answer_is_asked_for_and_stored(qtbot, demo, monkeypatch):
    from hotel_phone import directory
    from hotel_phone.db import InquiryTask
    from tests.uihelpers import open_window

    w = open_window(qtbot)
    directory.new_inquiry(w.session, "Li Wei", "13800138000", "A double room on 3 December?")
    panel = w.reference
    panel.refresh_tasks()
    panel.tasks.setCurrentRow(0)
    asked = []

    def ask(*args, **kwargs):
        asked.append(args)
        return "Yes, two rooms free", True

    monkeypatch.setattr("hotel_phone.ui.reference_panel.ask_text", ask)
    panel.answer_task_button.click()
    assert asked
    row = InquiryTask.select().order_by(InquiryTask.id.desc()).first()
    assert row.answer == "Yes, two rooms free"
    assert inspect.signature(panel.answer_inquiry)

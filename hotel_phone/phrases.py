"""The standard words of the switchboard, in the listener's language.

Each phrase is an English msgid translated through the catalogs; the words for
a caller or a guest are rendered in *their* language with gettext_in, not in
the operator's. (A supervisor-editable phrasebook can override these later.)
"""

from __future__ import annotations

from string import Formatter
from dataclasses import dataclass
from datetime import datetime

from hotel_phone import audit, clock, hoteltime, settings
from hotel_phone.db import Phrase, database, on_open, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.textcheck import clean

GOOD_MORNING = N_("Good morning, {hotel}.")
GOOD_AFTERNOON = N_("Good afternoon, {hotel}.")
GOOD_EVENING = N_("Good evening, {hotel}.")
INSIDE_GREETING = N_("Hello, switchboard!")
ASK_CALLER = N_("May I have your name, please, and what is the call about?")
HOLD = N_("One moment, please.")
BUSY = N_("The line is busy, please call again later.")
# One set of words for every call not put through with the guest's consent:
# declined, no answer, do not disturb, incognito and a name not in the hotel.
UNABLE = N_("I'm sorry, I cannot put you through or give information about that person. May I take a message?")
PUTTING_THROUGH = N_("Thank you for waiting, I am putting you through now.")
MESSAGE_TAKEN = N_("Thank you, your message will be passed on.")
STAFF_NOT_NOW = N_("I'm sorry, staff cannot take outside calls during working hours. May I take a message?")
STAFF_OFF_DUTY = N_("I'm sorry, that person is not on duty now. May I take a message?")
ROUTED = N_("One moment, please, I am putting you through to {whom}.")
DISCLOSE = N_("{guest} is staying with us, in room {room}.")
DISCLOSE_STAY = N_("{guest} is staying with us. May I take a message?")
ASK_GUEST_CALL = N_("{guest}, there is a call from {caller} about {purpose}. Will you take it?")
ASK_GUEST_INQUIRY = N_("{guest}, {caller} is asking whether you are staying with us and for your room number "
                       "({purpose}). May I tell them?")
GUEST_CONNECTED = N_("{guest}, your caller is on the line now. Please go ahead.")
WAKE_MORNING = N_("Good morning, it is now {clock}.")
WAKE_AFTERNOON = N_("Good afternoon, it is now {clock}.")
WAKE_EVENING = N_("Good evening, it is now {clock}.")
HELD_AGAIN = N_("Thank you for holding; I am still trying to connect you. One moment more, please.")
WAKE_LATE = N_("{guest}, you are {minutes} minutes past your wake-up time.")
LD_CONNECTED = N_("Your call to {destination} is connected, please go ahead.")
LD_AFTER = N_("Your call lasted {minutes} minutes {seconds} seconds; the charge is {amount}.")
CASE_TO_DEPARTMENT = N_("Switchboard here. Case {number}: {issue}, {where}{text}. Please respond by {respond_by} "
                        "and finish by {complete_by}.")
CASE_TO_CALLER = N_("Thank you. I have passed it to {department}, case number {number}. They will respond by "
                    "{respond_by}.")
CASE_CHASE = N_("Switchboard here, about case {number}: {issue}, {where}. It was due by {due}. When will it be done?")
CASE_CALL_BACK = N_("This is the switchboard, about your {issue} (case {number}). Has it been taken care of to your "
                    "satisfaction?")

# The phrasebook: each moment's words, which a supervisor may reword (placeholders kept).
PHRASEBOOK = {
    "greeting_morning": (GOOD_MORNING, N_("Greeting, outside line (morning)")),
    "greeting_afternoon": (GOOD_AFTERNOON, N_("Greeting, outside line (afternoon)")),
    "greeting_evening": (GOOD_EVENING, N_("Greeting, outside line (evening)")),
    "greeting_inside": (INSIDE_GREETING, N_("Greeting, inside line")),
    "ask_caller": (ASK_CALLER, N_("Asking the caller's name and purpose")),
    "hold": (HOLD, N_("Please hold")),
    "busy": (BUSY, N_("The line is busy")),
    "putting_through": (PUTTING_THROUGH, N_("Putting the call through")),
    "unable": (UNABLE, N_("Declining and privacy refusal (the same words for every case)")),
    "message_taken": (MESSAGE_TAKEN, N_("A message was taken")),
    "staff_not_now": (STAFF_NOT_NOW, N_("Staff in working hours")),
    "staff_off_duty": (STAFF_OFF_DUTY, N_("Staff off duty")),
    "routed": (ROUTED, N_("Putting through to a department or superior")),
    "ask_guest_call": (ASK_GUEST_CALL, N_("Asking the guest to take a call")),
    "ask_guest_inquiry": (ASK_GUEST_INQUIRY, N_("Asking the guest before telling a caller")),
    "disclose": (DISCLOSE, N_("Telling the caller, with the guest's consent")),
    "disclose_stay": (DISCLOSE_STAY, N_("Telling the caller the stay only (not the room), with consent")),
    "guest_connected": (GUEST_CONNECTED, N_("Telling the guest the caller is on the line")),
    "wake_morning": (WAKE_MORNING, N_("Wake-up call")),
    "wake_afternoon": (WAKE_AFTERNOON, N_("Wake-up call (afternoon)")),
    "wake_evening": (WAKE_EVENING, N_("Wake-up call (evening)")),
    "held_again": (HELD_AGAIN, N_("A caller on hold for a while")),
    "wake_late": (WAKE_LATE, N_("A guest who woke late")),
    "ld_connected": (LD_CONNECTED, N_("Long distance: connected")),
    "ld_after": (LD_AFTER, N_("Long distance: duration and charge")),
    "case_to_department": (CASE_TO_DEPARTMENT, N_("A case: telling the department")),
    "case_to_caller": (CASE_TO_CALLER, N_("A case: telling the guest or caller it is passed on")),
    "case_chase": (CASE_CHASE, N_("A case: chasing the department")),
    "case_call_back": (CASE_CALL_BACK, N_("A case: calling the guest or caller back")),
}
_KEY_OF = {msgid: key for key, (msgid, _label) in PHRASEBOOK.items()}
_overrides: dict[str, tuple[str, str]] | None = None


def say(lang: str, phrase: str, **params) -> str:
    """A standard phrase in `lang`: the supervisor's wording if there is one, else the catalog's."""
    text = ""
    key = _KEY_OF.get(phrase)
    if key is not None:
        override = overrides().get(key)
        if override:
            text = override[0] if lang == "zh_CN" else override[1]
    return (text or gettext_in(lang, phrase)).format(**params)


def overrides() -> dict[str, tuple[str, str]]:
    global _overrides
    if _overrides is None:
        _overrides = {}
        for row in Phrase.select().order_by(Phrase.id):  # the newest wording wins
            _overrides[row.key] = (row.text_zh, row.text_en)
    return _overrides


def invalidate() -> None:
    global _overrides
    _overrides = None


on_open(invalidate)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # N_() text
    text_zh: str
    text_en: str
    reworded: bool


def entries() -> list[Entry]:
    out = []
    for key, (msgid, label) in PHRASEBOOK.items():
        override = overrides().get(key)
        zh, en = override if override else (gettext_in("zh_CN", msgid), gettext_in("en", msgid))
        out.append(Entry(key, label, zh, en, override is not None))
    return out


def placeholders(text: str) -> list[str] | None:
    """The names of a phrase's placeholders, sorted, as str.format reads them; None when it cannot be formatted.

    A stray brace ("早上好,{hotel}}"), a format spec or conversion ({guest!r}, {room:>5}), an index or
    attribute ({guest.name}) or an empty field ({}) make a phrase unusable: None, so reword refuses it.
    """
    names = []
    try:
        for _literal, name, spec, conversion in Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                return None
            names.append(name)
    except ValueError:
        return None
    return sorted(names)


@retrying
def reword(session, key: str, text_zh: str, text_en: str):
    """A supervisor's wording; the placeholders ({guest}, {room}...) must stay exactly as they are."""
    session.require_may("phrases.reword")
    if key not in PHRASEBOOK:
        raise ValidationError(N_("Unknown phrase: {key}"), key=key)
    text_zh = clean(text_zh, N_("Chinese"), 500, required=True)
    text_en = clean(text_en, N_("English"), 500, required=True)
    wanted = placeholders(PHRASEBOOK[key][0])
    for text in (text_zh, text_en):
        if placeholders(text) != wanted:
            raise ValidationError(N_("The phrase must keep exactly these placeholders: {names}"),
                                  names=" ".join(f"{{{n}}}" for n in wanted) or "—")
    with database.atomic():
        row = Phrase.create(key=key, text_zh=text_zh, text_en=text_en, changed_by=session.operator,
                            changed_at=clock.now())
        audit.record(session, "phrase_reworded", row, key)
    invalidate()
    return row


def part_of_day(hour: int) -> str:
    """'morning' (before noon), 'afternoon' (12-18) or 'evening' (from 18): the greetings follow it."""
    return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"


def greeting(line: str, lang: str, at: datetime) -> str:
    """The greeting for the line, by the hotel's clock: 「您好,××酒店」 / 'Good evening, XX Hotel.'"""
    if line == "inside":
        return say(lang, INSIDE_GREETING)
    hour = at.astimezone(hoteltime.zone()).hour
    phrase = GOOD_MORNING if 5 <= hour < 12 else GOOD_AFTERNOON if 12 <= hour < 18 else GOOD_EVENING
    return say(lang, phrase, hotel=settings.hotel_name(lang))

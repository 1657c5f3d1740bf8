"""The standard words of the switchboard, in the listener's language.

Each phrase is an English msgid translated through the catalogs; the words for
a caller or a guest are rendered in *their* language with gettext_in, not in
the operator's. (A supervisor-editable phrasebook can override these later.)
"""

from __future__ import annotations

from datetime import datetime

from hotel_phone import settings
from hotel_phone.i18n import N_, gettext_in

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
ASK_GUEST_CALL = N_("{guest}, there is a call from {caller} about {purpose}. Will you take it?")
ASK_GUEST_INQUIRY = N_("{guest}, {caller} is asking whether you are staying with us and for your room number "
                       "({purpose}). May I tell them?")
GUEST_CONNECTED = N_("{guest}, your caller is on the line now. Please go ahead.")


def say(lang: str, phrase: str, **params) -> str:
    return gettext_in(lang, phrase).format(**params)


def hotel_name_in(lang: str) -> str:
    zh, en = settings.get("hotel_name_zh"), settings.get("hotel_name_en")
    return (zh or en) if lang == "zh_CN" else (en or zh)


def greeting(line: str, lang: str, at: datetime) -> str:
    """The greeting for the line, by the hotel's clock: 「您好,××酒店」 / 'Good evening, XX Hotel.'"""
    if line == "inside":
        return say(lang, INSIDE_GREETING)
    hour = at.astimezone(settings.hotel_tz()).hour
    phrase = GOOD_MORNING if 5 <= hour < 12 else GOOD_AFTERNOON if 12 <= hour < 18 else GOOD_EVENING
    return say(lang, phrase, hotel=hotel_name_in(lang))

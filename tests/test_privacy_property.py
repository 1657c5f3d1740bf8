"""Property: before the guest consents on this call, the words for the caller never give the stay away."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from hotel_phone import calls, clock, messages, phrases, stays
from hotel_phone.db import AllowedCaller, Stay
from hotel_phone.errors import DomainError
from hotel_phone.names import fold
from hotel_phone.stays import StayInput

NAMES = [("John Smith", ""), ("", "王小明"), ("Jürgen Müller", ""), ("Wang Xiaoming", "王小明"), ("Иван Петров", "")]
ROOMS = [f"{f}{i:02d}" for f in (2, 3) for i in range(1, 11)]
ACTIONS = st.lists(st.sampled_from(["identify", "ring", "accept", "decline", "no_answer", "not_in_room",
                                    "put_through", "disclose", "message", "end"]), max_size=8)


def neutral_words(lang):
    return {""} | {phrases.say(lang, p) for p in (phrases.HOLD, phrases.UNABLE, phrases.MESSAGE_TAKEN)}


def leaks(words, stay):
    text = fold(words)
    secrets = [stay.room.number] + [fold(x) for x in (stay.name, stay.name_zh, stay.pinyin) if x]
    secrets += [fold(part) for part in stay.name.split() if len(part) > 2]
    return [s for s in secrets if s and s in text]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NAMES), room=st.sampled_from(ROOMS), lang=st.sampled_from(["zh_CN", "en"]),
       guest_lang=st.sampled_from(["zh_CN", "en"]),
       privacy=st.sampled_from(["normal", "dnd", "incognito", "dnd_expired"]), allowed=st.booleans(),
       inquiry=st.booleans(), line=st.sampled_from(["outside", "inside"]), actions=ACTIONS)
def test_no_word_of_the_stay_before_consent(hotel, name, room, lang, guest_lang, privacy, allowed, inquiry, line,
                                            actions):
    stay = stays.check_in(hotel, StayInput(room=room, name=name[0], name_zh=name[1], title="mr",
                                           language=guest_lang, arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 29)))
    if privacy != "normal":
        until = clock.now() + (timedelta(hours=-1) if privacy == "dnd_expired" else timedelta(hours=1))
        Stay.update(privacy="dnd" if privacy.startswith("dnd") else privacy, dnd_until=until).where(
            Stay.id == stay.id).execute()
    if allowed:
        AllowedCaller.create(stay=stay, name="Zhao Lei", added_at=clock.now())
    stay = Stay.get_by_id(stay.id)
    call = calls.start(hotel, line, lang)
    calls.choose_guest(hotel, call.id, stay.id, inquiry=inquiry)
    greeting_words = {calls.view(call.id).say_to_caller}
    for action in actions:
        try:
            if action == "identify":
                calls.identify_caller(hotel, call.id, "Zhao Lei", "a delivery")
            elif action == "ring":
                calls.ring_guest(hotel, call.id)
            elif action in calls.GUEST_ANSWERS:
                calls.guest_answer(hotel, call.id, action)
            elif action == "put_through":
                calls.put_through(hotel, call.id)
            elif action == "disclose":
                calls.disclose(hotel, call.id)
            elif action == "message":
                messages.take(hotel, stay_id=stay.id, from_name="Zhao Lei", template="call_back", call_id=call.id)
            elif action == "end":
                calls.end(hotel, call.id)
        except DomainError:
            pass
        view = calls.view(call.id)
        if not view.consent:
            assert not leaks(view.say_to_caller, stay), (action, view.say_to_caller)
            assert view.say_to_caller in neutral_words(lang) | greeting_words, view.say_to_caller
            assert not view.disclosed
        if privacy == "incognito":
            assert view.say_to_caller in (phrases.say(lang, phrases.UNABLE), phrases.say(lang, phrases.MESSAGE_TAKEN))
    if privacy == "incognito":
        unknown = calls.start(hotel, line, lang)
        calls.not_found(hotel, unknown.id, name[0] or name[1])
        assert calls.view(unknown.id).say_to_caller == phrases.say(lang, phrases.UNABLE)

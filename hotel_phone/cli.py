"""The command line: start the app, build a demo hotel, import guests."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from hotel_phone import applog, drivers, i18n, paths
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _, ngettext
# Imports inside functions: each command loads only what it needs, so the window's start and --version stay quick.


def _add_db(parser: argparse.ArgumentParser) -> None:
    # One dest for every subcommand's --db: a subparser's default would otherwise hide the main --db.
    parser.add_argument("--db", dest="sub_db", metavar="DB", help=_("database file or URL"))


def _main_options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--db", help=_("database file or URL (default: the hotel's database in the data folder)"))
    p.add_argument("--demo", action="store_true", help=_("open the demo hotel (created on first use)"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages"))
    p.add_argument("--version", action="store_true",
                   help=_("show the version, the database, its schema and the Qt version"))
    p.add_argument("--self-check", action="store_true",
                   help=_("check this installation on a throwaway database, then exit"))
    return p


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The app's start (main options only, the usual case) is parsed without building every command's parser,
    for speed; anything else (a command, --help, a mistake) goes to the full parser."""
    quick = _main_options(argparse.ArgumentParser(prog="hotel-phone", add_help=False, exit_on_error=False))
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["(the full parser says what is wrong)"]
    if rest:
        return _parser().parse_args(argv)
    args.command = None
    return args


def _parser() -> argparse.ArgumentParser:
    p = _main_options(argparse.ArgumentParser(prog="hotel-phone", description=_("The hotel switchboard console.")))
    sub = p.add_subparsers(dest="command")
    init = sub.add_parser("init", help=_("create a hotel database"))
    init.add_argument("--demo", action="store_true", dest="init_demo", help=_("fill it with the demo hotel"))
    init.add_argument("--rooms", type=int, default=300, help=_("number of demo rooms"))
    _add_db(init)
    guests = sub.add_parser("guests", help=_("in-house guests"))
    gsub = guests.add_subparsers(dest="guests_command", required=True)
    imp = gsub.add_parser("import", help=_("import in-house guests from a CSV file"))
    imp.add_argument("file")
    imp.add_argument("--user", required=True, help=_("operator user name (the password is asked)"))
    _add_db(imp)
    q = sub.add_parser("quote", help=_("what a long-distance call would cost"))
    q.add_argument("number")
    q.add_argument("--minutes", type=float, required=True)
    q.add_argument("--at", help=_("start time in the hotel's time zone, e.g. 2026-11-28T23:30 (default now)"))
    _add_db(q)
    fo = sub.add_parser("folio", help=_("print a guest's folio to PDF"))
    fo.add_argument("room")
    fo.add_argument("--pdf", required=True)
    fo.add_argument("--date", dest="folio_date",
                    help=_("a hotel day the guest stayed, e.g. 2026-11-28 (departed guests too)"))
    fo.add_argument("--stay", dest="folio_stay", type=int, help=_("the stay's number"))
    fo.add_argument("--lang", dest="folio_lang", choices=i18n.LANGUAGES,
                    help=_("one language only (default: the guest's, with the other beneath)"))
    _add_db(fo)
    rep = sub.add_parser("report", help=_("the switchboard's daily report"))
    rep.add_argument("day", help=_("the hotel day, e.g. 2026-11-28"))
    rep.add_argument("--pdf")
    rep.add_argument("--csv")
    _add_db(rep)
    cs = sub.add_parser("cases", help=_("cases: the monthly statistics by department and issue"))
    cs.add_argument("month", help=_("the month, e.g. 2026-11"))
    cs.add_argument("--pdf")
    cs.add_argument("--csv")
    _add_db(cs)
    us = sub.add_parser("users", help=_("operators who sign in"))
    usub = us.add_subparsers(dest="users_command", required=True)
    uadd = usub.add_parser("add", help=_("add an operator (administrator)"))
    uadd.add_argument("username")
    uadd.add_argument("--name", required=True)
    uadd.add_argument("--role", choices=("operator", "supervisor", "cashier", "administrator", "manager"),
                      default="operator")
    uadd.add_argument("--language", choices=i18n.LANGUAGES, default="zh_CN")
    uadd.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(uadd)
    ulock = usub.add_parser("unlock", help=_("unlock an operator locked after failed sign-ins (administrator)"))
    ulock.add_argument("username")
    ulock.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(ulock)
    ulist = usub.add_parser("list", help=_("every operator, with role and state (administrator)"))
    ulist.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(ulist)
    udeact = usub.add_parser("deactivate", help=_("an operator who left may no longer sign in (administrator)"))
    udeact.add_argument("username")
    udeact.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(udeact)
    urole = usub.add_parser("role", help=_("change an operator's role (administrator)"))
    urole.add_argument("username")
    urole.add_argument("role", choices=("operator", "supervisor", "cashier", "administrator"))
    urole.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(urole)
    urec = usub.add_parser("recover", help=_("a locked-out administrator gets a new password; only the computer "
                                             "account that owns the database file may do this"))
    urec.add_argument("username")
    _add_db(urec)
    tf = sub.add_parser("tariff", help=_("the long-distance tariff"))
    tsub = tf.add_subparsers(dest="tariff_command", required=True)
    texp = tsub.add_parser("export", help=_("write the tariff in force to a file to edit"))
    texp.add_argument("file")
    _add_db(texp)
    timp = tsub.add_parser("import", help=_("make an edited tariff file the tariff in force (supervisor)"))
    timp.add_argument("file")
    timp.add_argument("--user", required=True, help=_("supervisor user name (the password is asked)"))
    _add_db(timp)
    bk = sub.add_parser("backup", help=_("a consistent copy of the database, also while the app runs"))
    bk.add_argument("file")
    _add_db(bk)
    rs = sub.add_parser("restore", help=_("put a backup in place of the database (the current one is kept aside)"))
    rs.add_argument("file")
    rs.add_argument("--user", help=_("administrator user name, for a database file (the password is asked)"))
    _add_db(rs)
    gr = sub.add_parser("server-setup", help=_("as the database owner: update the schema and give the stations' "
                                               "role its rights (the audit log append-only)"))
    gr.add_argument("--app-role", required=True, help=_("the database role the stations sign in with"))
    _add_db(gr)
    mv = sub.add_parser("migrate", help=_("move the hotel from its SQLite file to an empty database server"))
    mv.add_argument("--to", required=True, metavar="URL", help=_("the server's address, postgresql://..."))
    _add_db(mv)
    ret = sub.add_parser("retention", help=_("remove guests' personal data from stays that ended long ago"))
    ret.add_argument("--months", type=int, required=True)
    ret.add_argument("--user", required=True, help=_("supervisor user name (the password is asked)"))
    _add_db(ret)
    aud = sub.add_parser("audit", help=_("the audit log"))
    asub = aud.add_subparsers(dest="audit_command", required=True)
    ver = asub.add_parser("verify", help=_("check that no audit event or money row was altered or removed"))
    ver.add_argument("--anchor", action="append", default=[], metavar="FILE",
                     help=_("also compare with this backup sidecar, daily report CSV or anchor file"))
    ver.add_argument("--head", action="append", default=[], metavar="EVENTS:HASH",
                     help=_("also compare with a chain head printed on a daily report"))
    _add_db(ver)
    ack = asub.add_parser("acknowledge", help=_("stop repeating that the log's protection had been removed "
                                                "(administrator; the events stay)"))
    ack.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(ack)
    msgs = sub.add_parser("messages", help=_("message slips"))
    msub = msgs.add_subparsers(dest="messages_command", required=True)
    purge = msub.add_parser("purge", help=_("blank messages kept past the retention period after departure"))
    purge.add_argument("--user", required=True, help=_("supervisor user name (the password is asked)"))
    _add_db(purge)
    sc = sub.add_parser("staff-calls", help=_("staff telephones: applications, statements, classes, rules"))
    scsub = sc.add_subparsers(dest="staff_command", required=True)
    sst = scsub.add_parser("statement", help=_("a department's monthly statement of staff calls"))
    sst.add_argument("--month", required=True, help=_("the month, e.g. 2026-11"))
    sst.add_argument("--dept", required=True, help=_("department code"))
    sst.add_argument("--pdf")
    sst.add_argument("--csv")
    _add_db(sst)
    spend = scsub.add_parser("pending", help=_("calls and applications awaiting approval, with the time left"))
    spend.add_argument("--dept", help=_("department code"))
    _add_db(spend)
    sform = scsub.add_parser("form", help=_("print a long-distance application form to PDF"))
    sform.add_argument("application", type=int)
    sform.add_argument("--pdf", required=True)
    _add_db(sform)
    scls = scsub.add_parser("classes", help=_("the class of service each extension should have, as CSV for the PBX"))
    scls.add_argument("--csv", required=True)
    _add_db(scls)
    srules = scsub.add_parser("rules", help=_("the company's staff-telephone rules file"))
    srsub = srules.add_subparsers(dest="rules_command", required=True)
    srexp = srsub.add_parser("export", help=_("write the rules in force to a file to edit"))
    srexp.add_argument("file")
    _add_db(srexp)
    srimp = srsub.add_parser("import", help=_("make an edited rules file the rules in force (administrator)"))
    srimp.add_argument("file")
    srimp.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(srimp)
    slink = scsub.add_parser("link", help=_("say which staff member a sign-in account belongs to (administrator)"))
    slink.add_argument("username")
    slink.add_argument("--extension", required=True, help=_("the staff member's extension"))
    slink.add_argument("--user", required=True, help=_("administrator user name (the password is asked)"))
    _add_db(slink)
    from hotel_phone.pbx import command as pbx_command

    pbx_command.add_parser(sub, _add_db)
    return p


def _target(args) -> str:
    explicit = getattr(args, "sub_db", None) or args.db
    if explicit:
        return explicit
    if not args.demo:
        from hotel_phone import station

        server = station.database_address()  # this PC uses the hotel's database server
        if server:
            return server
    return str(paths.demo_database() if args.demo else paths.default_database())


def _password(prompt: str) -> str:
    env = os.environ.get("HOTEL_PHONE_PASSWORD")  # for scripts; never logged
    if env is not None:
        return env
    import getpass  # for speed: the GUI's start never asks on a terminal

    return getpass.getpass(prompt)


def _new_password() -> str:
    env = os.environ.get("HOTEL_PHONE_NEW_PASSWORD")  # for scripts; never logged
    if env is not None:
        return env
    import getpass  # for speed, as in _password

    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("New password again: ")) != first:
        raise ValidationError(N_("The two passwords differ."))
    return first


def _cmd_init(args) -> int:
    from hotel_phone import db, demo

    if not args.init_demo:
        raise ValidationError(N_("Only 'init --demo' is available here; a real hotel is set up in the app."))
    if not 1 <= args.rooms <= 10000:
        raise ValidationError(N_("The number of rooms must be between 1 and 10000."))
    db.open_database(_target(args))
    if not db.is_empty():
        raise ValidationError(N_("That database already holds a hotel; it was not changed."))
    demo.build(args.rooms)
    print(_("Demo hotel with {rooms} rooms created in {target}.").format(rooms=args.rooms, target=_target(args)))
    return 0


def _cmd_guests_import(args) -> int:
    from hotel_phone import auth, db, guest_import

    db.open_database(_target(args))
    session = auth.sign_in(args.user, _password(_("Password: ")))
    report = guest_import.import_guests(session, args.file)
    print(report.summary())
    for line, reason in report.rejected:
        print(_("line {line}: {reason}").format(line=line, reason=reason))
    return 0 if not report.rejected else 1


def _cmd_messages_purge(args) -> int:
    from hotel_phone import auth, db, messages

    db.open_database(_target(args))
    session = auth.sign_in(args.user, _password(_("Password: ")))
    n = messages.purge(session)
    print(ngettext("{n} message purged.", "{n} messages purged.", n).format(n=n))
    return 0


def _cmd_quote(args) -> int:
    from datetime import datetime

    from hotel_phone import db, hoteltime, i18n, longdistance

    db.open_database(_target(args))
    at = None
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise ValidationError(N_("{value!r} is not a time (write e.g. 2026-11-28T23:30)."), value=args.at) from None
        at = at.replace(tzinfo=hoteltime.zone()) if at.tzinfo is None else at
    dest, rating = longdistance.quote(args.number, args.minutes, at)
    for line in longdistance.quote_lines(dest, rating, args.minutes, i18n.current_language()):
        print(line)
    return 0


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise ValidationError(N_("Cannot write {path}: {reason}"), path=path, reason=exc.strerror) from exc


def _cmd_folio(args) -> int:
    from hotel_phone import db, folio
    from hotel_phone.documents import folio as folio_pdf

    day = _day(args.folio_date) if args.folio_date else None
    db.open_database(_target(args))
    db.check_readable()
    found = folio.stays_for_room(args.room, day, args.folio_stay)
    for n, stay in enumerate(found):
        path = args.pdf if len(found) == 1 else str(Path(args.pdf).with_stem(f"{Path(args.pdf).stem}-{n + 1}"))
        f = folio.load(stay.id)
        _write(path, folio_pdf.render(f, args.folio_lang or f.language, bilingual=args.folio_lang is None))
        print(_("Folio of {guest}, room {room}: {path}").format(guest=f.guest, room=f.room, path=path))
    return 0


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(N_("{value!r} is not a date (write e.g. 2026-11-28)."), value=text) from None


def _cmd_report(args) -> int:
    from hotel_phone import db, report
    from hotel_phone.documents import daily_report

    day = _day(args.day)
    db.open_database(_target(args))
    db.check_readable()
    r = report.build(day)
    if args.pdf:
        _write(args.pdf, daily_report.render(r, i18n.current_language()))
    if args.csv:
        _write(args.csv, report.to_csv(r, i18n.current_language()))
    if not args.pdf and not args.csv:
        print(report.to_csv(r, i18n.current_language()).decode("utf-8-sig"), end="")
    return 0


def _cmd_cases(args) -> int:
    from hotel_phone import casestats, db
    from hotel_phone.documents import case_papers

    year, month = casestats.parse_month(args.month)
    db.open_database(_target(args))
    rows = casestats.monthly(year, month)
    if args.pdf:
        _write(args.pdf, case_papers.statistics(year, month, rows, i18n.current_language()))
    if args.csv:
        _write(args.csv, casestats.to_csv(rows).encode("utf-8"))
    if not args.pdf and not args.csv:
        print(casestats.to_csv(rows), end="")
    return 0


def _heads(values: list[str]) -> list[tuple[int, str]]:
    out = []
    for value in values:
        events, _sep, digest = value.partition(":")
        if not events.isdigit() or len(digest.strip()) != 64:
            raise ValidationError(N_("{value!r} is not a chain head (write EVENTS:HASH as printed on the daily "
                                     "report)."), value=value)
        out.append((int(events), digest.strip().lower()))
    return out


def _cmd_audit(args) -> int:
    from hotel_phone import anchors, audit, auth, db

    heads = _heads(getattr(args, "head", []))
    db.open_database(_target(args))
    if args.audit_command == "acknowledge":
        audit.acknowledge(auth.sign_in(args.user, _password(_("Password: "))))
        print(_("Acknowledged; the events stay in the log."))
        return 0
    verdict, compared = anchors.verify(args.anchor, heads)
    if verdict.ok:
        anchors.write("verified")
        print(_("The audit log is intact: {n} events, sealed rows unchanged, {a} anchors agree.").format(
            n=verdict.events, a=compared))
        return 0
    print(_("The audit log is NOT intact ({n} events):").format(n=verdict.events))
    for finding in verdict.findings:
        print("- " + finding.message())
    return 1


def _cmd_backup(args) -> int:
    from hotel_phone import backup, db

    target = _target(args)
    if db.is_postgres_url(target):
        from hotel_phone import pgserver

        path = pgserver.backup(target, args.file)
        print(_("Backup written to {path} (pg_dump custom format; restore with 'hotel-phone restore' into an "
                "empty database).").format(path=path))
        return 0
    db.open_database(target)
    path = backup.backup(args.file)
    verdict = backup.check(path)
    print(_("Backup written to {path}; checked: {state}.").format(
        path=path, state=_("sound") if verdict.ok else "; ".join(verdict.problems)))
    return 0 if verdict.ok else 1


def _cmd_restore(args) -> int:
    from hotel_phone import db, restore

    target = _target(args)
    if db.is_postgres_url(target):
        from hotel_phone import pgserver

        pgserver.restore(args.file, target)
        print(_("Restored {source} into the empty database {target}; its audit log verifies.").format(
            source=args.file, target=pgserver._safe(target)))
        return 0
    if "://" in target:
        raise ValidationError(N_("Backups from here are for SQLite; back up a database server with its own tools."))
    if not args.user:  # a server restores into an empty database; a file replaces the hotel's own
        raise ValidationError(N_("Putting a backup in place of the hotel's database needs an administrator: "
                                 "give --user."))
    aside = restore.restore(args.file, target, args.user, _password(_("Password: ")))
    if aside is None:
        print(_("Restored {source} to {target}.").format(source=args.file, target=target))
    else:
        print(_("Restored {source} to {target}; the previous database is kept as {aside}.").format(
            source=args.file, target=target, aside=aside))
    return 0


def _cmd_migrate(args) -> int:
    from hotel_phone import pgserver

    source = _target(args)
    report = pgserver.move_to_server(source, args.to)
    print(_("Moved {rows} rows to {target}: counts and folio totals match ({total} fen), the audit chain "
            "verifies ({events} events). {source} was not changed.").format(
        rows=sum(report.rows.values()), target=pgserver._safe(args.to), total=report.folio_total_fen,
        events=report.audit_events, source=source))
    return 0


def _cmd_server_setup(args) -> int:
    from hotel_phone import db, pgserver

    target = _target(args)
    if not db.is_postgres_url(target):
        raise ValidationError(N_("Move to a database server's address (postgresql://...)."))
    pgserver.grant_app_role(target, args.app_role)
    print(_("The schema is up to date and {role} may use it; the audit log is append-only for it.").format(
        role=args.app_role))
    return 0


def _cmd_retention(args) -> int:
    from hotel_phone import auth, db, retention

    db.open_database(_target(args))
    session = auth.sign_in(args.user, _password(_("Password: ")))
    n = retention.anonymise(session, args.months)
    print(ngettext("Personal data removed from {n} stay; amounts and counts kept.",
                   "Personal data removed from {n} stays; amounts and counts kept.", n).format(n=n))
    return 0


def _cmd_users(args) -> int:
    from hotel_phone import auth, db

    db.open_database(_target(args))
    if args.users_command == "recover":
        from hotel_phone import anchors

        if anchors.database_path() is None:
            raise ValidationError(N_("Recovery from here is for a database file; on a database server, its own "
                                     "administrator resets the account."))
        new_password = _new_password()
        auth.recover_administrator(anchors.database_path(), args.username, new_password)
        print(_("{name} is unlocked, active and has the new password; the audit log records it.").format(
            name=args.username))
        return 0
    session = auth.sign_in(args.user, _password(_("Password: ")))
    if args.users_command == "list":
        session.require("administrator")
        for o in auth.listing(everyone=True):
            state = _("deactivated") if not o.active else _("locked") if o.locked else _("active")
            print(f"{o.username}\t{o.display_name}\t{_(auth.ROLE_LABELS[o.role])}\t{state}")
        return 0
    if args.users_command == "deactivate":
        auth.deactivate(session, args.username)
        print(_("{name} may no longer sign in.").format(name=args.username))
        return 0
    if args.users_command == "role":
        auth.set_role(session, args.username, args.role)
        print(_("{name} is now {role}.").format(name=args.username, role=_(auth.ROLE_LABELS[args.role])))
        return 0
    if args.users_command == "unlock":
        auth.unlock(session, args.username)
        print(_("{name} is unlocked.").format(name=args.username))
        return 0
    new_password = _new_password()
    op = auth.create_operator(session, args.username, args.name, args.role, new_password, args.language)
    print(_("Operator {name} ({role}) added.").format(name=op.username, role=_(auth.ROLE_LABELS[op.role])))
    return 0


def _cmd_tariff(args) -> int:
    from hotel_phone import auth, db, tariff

    db.open_database(_target(args))
    if args.tariff_command == "export":
        t, _rater = tariff.current()
        _write(args.file, tariff.to_json(tariff.load(t)).encode("utf-8"))
        print(_("Tariff {name} written to {path}.").format(name=t.name, path=args.file))
        return 0
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=args.file, reason=exc) from exc
    spec = tariff.from_json(text)
    session = auth.sign_in(args.user, _password(_("Password: ")))
    t = tariff.store(session, spec)
    print(_("Tariff {name} is in force from now; the previous one stays with the calls it rated.").format(
        name=t.name))
    return 0


def _cmd_staff_calls(args) -> int:
    from hotel_phone import auth, db, extclasses, staffcalls, staffrules
    from hotel_phone.documents import staff_phone

    db.open_database(_target(args))
    lang = i18n.current_language()
    if args.staff_command == "statement":
        month = staffcalls.parse_month(args.month)
        s = staffcalls.statement(staffcalls.department_by_code(args.dept).id, month)
        if args.pdf:
            _write(args.pdf, staff_phone.statement(s, lang))
        if args.csv:
            _write(args.csv, staffcalls.to_csv(s).encode("utf-8"))
        if not args.pdf and not args.csv:
            print(staffcalls.to_csv(s), end="")
        return 0
    if args.staff_command == "pending":
        dept = staffcalls.department_by_code(args.dept).id if args.dept else None
        waiting = staffcalls.awaiting(dept)
        for line in waiting.calls:
            days, hours = staffcalls.time_left(line)
            print(_("call {id}: {person} ext {extension} to {number}, {days} d {hours} h left to approve").format(
                id=line.id, person=line.person, extension=line.extension, number=line.number, days=days, hours=hours))
        for app in waiting.applications:
            print(_("application {id}: {caller} to {region} ({organisation}), awaiting decision").format(
                id=app.id, caller=app.caller, region=app.region, organisation=app.organisation))
        return 0
    if args.staff_command == "form":
        _write(args.pdf, staff_phone.application_form(staffcalls.application(args.application), lang))
        return 0
    if args.staff_command == "classes":
        _write(args.csv, extclasses.to_csv(extclasses.listing(), lang).encode("utf-8"))
        return 0
    if args.staff_command == "rules" and args.rules_command == "export":
        row, rules = staffrules.current()
        _write(args.file, staffrules.to_json(rules).encode("utf-8"))
        print(_("Rules {name} written to {path}.").format(name=row.name, path=args.file))
        return 0
    if args.staff_command == "rules":
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(N_("Cannot read {path}: {reason}"), path=args.file, reason=exc) from exc
        rules = staffrules.from_json(text)
        session = auth.sign_in(args.user, _password(_("Password: ")))
        staffrules.store(session, rules)
        print(_("Rules {name} are in force from now; calls already made keep theirs.").format(name=rules.name))
        return 0
    staff = staffcalls.caller_for(args.extension)[0]
    if staff is None or staff.extension != args.extension:
        raise ValidationError(N_("No staff member has extension {extension}."), extension=args.extension)
    session = auth.sign_in(args.user, _password(_("Password: ")))
    staffcalls.link_account(session, args.username, staff.id)
    print(_("{name} signs as {staff}.").format(name=args.username, staff=staff.name_zh or staff.name))
    return 0


def _cmd_version(args) -> int:
    from hotel_phone import about
    from hotel_phone.ui.about import qt_version

    print("\n".join(about.lines(_target(args), qt_version())))
    return 0


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(os.environ.get("HOTEL_PHONE_LANG") or os.environ.get("LANG"))
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    if known.lang:
        i18n.set_language(known.lang)
    args = _parse(argv)
    drivers.skip_unused(_target(args))
    if args.self_check:
        from hotel_phone.ui import selfcheck

        return selfcheck.run()
    if args.command is None and not args.version:
        applog.hold()  # the GUI's start opens the file after the sign-in is painted (ui/startup.py)
    else:
        applog.setup()
    try:
        code = _dispatch(args)
        if args.command in _CHANGING:
            _anchor()
        return code
    except DomainError as exc:
        print(exc.message(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        applog.setup()
        applog.log_error(*sys.exc_info())
        print(_("Something went wrong; the details are in {path}.").format(path=applog.log_path()),
              file=sys.stderr)
        return 3


_CHANGING = ("init", "guests", "users", "tariff", "retention", "messages", "audit")


def _anchor() -> None:
    """After a command that wrote events, the chain head goes to the anchor file too."""
    from hotel_phone import anchors, db

    if db.database.obj is not None and not db.database.obj.is_closed():
        anchors.write("command")


def _dispatch(args) -> int:
    if args.version:
        return _cmd_version(args)
    if args.command == "init":
        return _cmd_init(args)
    if args.command == "guests":
        return _cmd_guests_import(args)
    if args.command == "folio":
        return _cmd_folio(args)
    if args.command == "report":
        return _cmd_report(args)
    if args.command == "cases":
        return _cmd_cases(args)
    if args.command == "users":
        return _cmd_users(args)
    if args.command == "tariff":
        return _cmd_tariff(args)
    if args.command == "retention":
        return _cmd_retention(args)
    if args.command == "backup":
        return _cmd_backup(args)
    if args.command == "restore":
        return _cmd_restore(args)
    if args.command == "migrate":
        return _cmd_migrate(args)
    if args.command == "server-setup":
        return _cmd_server_setup(args)
    if args.command == "audit":
        return _cmd_audit(args)
    if args.command == "quote":
        return _cmd_quote(args)
    if args.command == "messages":
        return _cmd_messages_purge(args)
    if args.command == "staff-calls":
        return _cmd_staff_calls(args)
    if args.command == "pbx":
        from hotel_phone.pbx import command as pbx_command

        return pbx_command.run(args, _target(args), _password)
    from hotel_phone.ui import app  # for speed: the other commands never load Qt

    return app.run(_target(args), demo=args.demo and not args.db, language=args.lang)

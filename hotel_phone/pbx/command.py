"""`hotel-phone pbx ...`: import a file of call records, list formats, add and run sources."""

from __future__ import annotations

import argparse
import os

from hotel_phone.i18n import _, ngettext
from hotel_phone.pbx import formats
# Imports inside functions: the command's parser is built at every start without the database modules (for speed).


def add_parser(sub, add_db) -> None:
    pbx = sub.add_parser("pbx", help=_("the PBX's call records"))
    psub = pbx.add_subparsers(dest="pbx_command", required=True)
    imp = psub.add_parser("import", help=_("read a file of call records once (again: only what is new)"))
    imp.add_argument("file")
    imp.add_argument("--format", required=True, choices=sorted(formats.REGISTRY), dest="pbx_format")
    imp.add_argument("--source", help=_("name of the source (default: file: and the file's name)"))
    _source_options(imp)
    add_db(imp)
    psub.add_parser("formats", help=_("the record formats known"))
    add = psub.add_parser("add", help=_("add a watched file, a TCP feed or a serial port (supervisor)"))
    add.add_argument("name")
    add.add_argument("--format", required=True, choices=sorted(formats.REGISTRY), dest="pbx_format")
    add.add_argument("--kind", required=True, choices=("watch", "listen", "connect", "serial"))
    add.add_argument("--address", required=True,
                     help=_("the file's path, host:port, or a serial port with its settings: COM1@9600,8N1"))
    add.add_argument("--user", required=True, help=_("supervisor user name (the password is asked)"))
    _source_options(add)
    add_db(add)
    run = psub.add_parser("run", help=_("read the watched files, TCP feeds and serial ports until stopped (Ctrl+C)"))
    add_db(run)


def _source_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--records-tz", default="",
                   help=_("time zone of the times in the records: UTC for Asterisk's usegmtime (default: the hotel's)"))
    p.add_argument("--prefix", default="", help=_("outside-line access digit the PBX records, e.g. 9"))


def summary(r) -> str:
    from hotel_phone import money, settings  # for speed: cli builds this parser at every start, the GUI's too

    return _("{lines} lines: {posted} posted ({amount}, {late} after check-out), {unmatched} unmatched, "
             "{not_charged} not charged, {staff} staff, {ignored} ignored, {errors} errors, "
             "{duplicates} duplicates.").format(
        lines=r.lines, posted=r.posted, amount=money.format(r.posted_fen, settings.get("currency")),
        late=r.late, unmatched=r.unmatched, not_charged=r.not_charged, staff=r.staff, ignored=r.ignored,
        errors=r.errors, duplicates=r.duplicates)


def run(args, target: str, password) -> int:
    from hotel_phone import db
    from hotel_phone.pbx import sources

    if args.pbx_command == "formats":
        for name, fmt in sorted(formats.REGISTRY.items()):
            print(f"{name:20} {_(fmt.title)} [{fmt.key_name}]")
        return 0
    db.open_database(target)
    if args.pbx_command == "import":
        name = args.source or f"file:{os.path.basename(args.file)}"
        src = sources.source_named(name)
        if src is None:
            src = sources.add_source(None, name, args.pbx_format, records_tz=args.records_tz,
                                     strip_prefix=args.prefix)
        r = sources.import_file(src, args.file)
        print(summary(r))
        return 0
    if args.pbx_command == "add":
        from hotel_phone import auth

        session = auth.sign_in(args.user, password(_("Password: ")))
        src = sources.add_source(session, args.name, args.pbx_format, args.kind, args.address, args.records_tz,
                                 args.prefix)
        print(_("Source {name} added.").format(name=src.name))
        return 0
    feeds = sources.start_all()
    print(ngettext("Reading {n} source; Ctrl+C stops.", "Reading {n} sources; Ctrl+C stops.", len(feeds)).format(n=len(feeds)))
    try:
        for f in feeds:
            while f.is_alive():
                f.join(1)
    finally:
        for f in feeds:
            f.stop()
    return 0

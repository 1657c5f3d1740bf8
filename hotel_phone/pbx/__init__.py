"""The PBX's call records: read every line, store it, match the call to a room, rate it and post it once.

formats: the registry of record formats (a new PBX is a new entry);
numbers: dialled digits to E.164 and a destination name;
matching: which stay or staff member an extension meant at a time;
ingest: one batch of raw lines -> stored lines, calls, folio postings, slips, one audit event;
sources: a file read once, a watched file, a TCP feed;
desk: what the panel, the register and the cashier read, and resolving by hand.
"""

#!/usr/bin/env bash
# Extract every marked string into the template and merge it into each catalog.
# Run after changing user-visible text; then translate the new entries in zh_CN.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k N_ -k gettext_in:2 --no-wrap --sort-by-file \
    --project hotel_phone --copyright-holder "hotel_phone developers" \
    -o translations/hotel_phone.pot .
for lang in zh_CN en; do
    po="translations/$lang/LC_MESSAGES/hotel_phone.po"
    if [ -f "$po" ]; then
        pybabel update -D hotel_phone -d translations -l "$lang" -i translations/hotel_phone.pot --no-wrap --ignore-obsolete --no-fuzzy-matching
    else
        pybabel init -D hotel_phone -d translations -l "$lang" -i translations/hotel_phone.pot --no-wrap
    fi
done
# The program reads compiled catalogs only (see tools/compile_catalogs.py).
python tools/compile_catalogs.py >/dev/null

#!/usr/bin/env bash
# Build the one-folder bundle on Linux: dist/hotel-phone/hotel-phone.
# Uses the active Python; installs hotel_phone and PyInstaller into it.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q . pyinstaller
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
licence=/usr/share/doc/fonts-wqy-microhei/copyright
if [ ! -f "$font" ]; then
    echo "WenQuanYi Micro Hei is missing: apt-get install fonts-wqy-microhei" >&2
    exit 1
fi
export HOTEL_PHONE_BUNDLE_FONT="$font" HOTEL_PHONE_BUNDLE_FONT_LICENCE="$licence"
# Run outside the checkout, so that the installed package (with _data/) is bundled, not the source tree.
mkdir -p build
(cd build && python -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath pyinstaller --distpath ../dist ../packaging/hotel_phone.spec)
echo "bundle: dist/hotel-phone ($(du -sh dist/hotel-phone | cut -f1))"

#!/usr/bin/env bash
# Installs the Debian packages rulingdesk uses when they are missing:
#   tesseract-ocr + chi_sim  OCR of scanned rulings
#   libreoffice (writer)     PDF copies of drafted notices; rebuilding the corpus PDFs
#   fonts-noto-cjk           Chinese glyphs for those PDFs
#   poppler-utils            pdftoppm (page images, corpus scans)
#   chromium, chromium-driver  browser tests of the web desk
#   wrk                      the HTTP load of `python -m bench desk`
# Without root (or without apt-get) it only says what is missing; the tests that need a
# missing tool are then skipped with the reason shown.
set -u
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-chi-sim)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Noto Serif CJK" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ "${RULINGDESK_BROWSER_TESTS:-1}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing Debian packages (tests needing them will be skipped): ${missing[*]}" >&2
fi
exit 0

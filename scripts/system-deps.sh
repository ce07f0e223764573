#!/usr/bin/env bash
# The programs the test command needs besides Node, installed from Debian's apt when missing:
#   /usr/bin/chromium  (apt package chromium)               browser tests, through playwright-core
#   soffice            (apt package libreoffice-calc-nogui) formulas recalculated by LibreOffice, and
#                                                           the summary printed to PDF
#   pdftoppm, pdftotext, pdfinfo (apt package poppler-utils) that PDF turned into page images
#                                                           and text, to check what is printed
# Safe to run again and again: when all are there it does nothing and says so in one line.
# As root it installs what is missing; otherwise it prints the exact command and exits 1.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
poppler_ready() { command -v pdftoppm && command -v pdftotext && command -v pdfinfo; } >/dev/null 2>&1
poppler_ready || missing+=(poppler-utils)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: Chromium, LibreOffice and poppler-utils are installed"
  exit 0
fi

install_command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages missing: ${missing[*]}" >&2
  echo "The browser and LibreOffice tests need them. Install them as root, then run the tests again:" >&2
  echo "  sudo sh -c '${install_command}'" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing: ${missing[*]}; this is not a Debian/Ubuntu system (no apt-get), so install them with your package manager" >&2
  exit 1
fi

echo "system packages: installing ${missing[*]} with apt-get (all together: about 215 MB to download, 690 MB on disk, a few minutes the first time; poppler-utils alone is 0.2 MB to download, 0.7 MB on disk, beside LibreOffice, which already brings the PDF library it uses)"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

# Say plainly if the install did not give us what the tests need.
[ -x /usr/bin/chromium ] || { echo "apt installed chromium but /usr/bin/chromium is missing" >&2; exit 1; }
command -v soffice >/dev/null 2>&1 || { echo "apt installed libreoffice-calc-nogui but soffice is not on PATH" >&2; exit 1; }
poppler_ready || { echo "apt installed poppler-utils but pdftoppm, pdftotext or pdfinfo is not on PATH" >&2; exit 1; }
echo "system packages: Chromium, LibreOffice and poppler-utils are installed"

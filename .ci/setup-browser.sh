#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) for the report's browser tests
# (tests/test_report.py), and a CJK font so screenshots of Japanese pages are legible.
# Idempotent: does nothing when the packages are already installed.
# Debian packages only: no browser download of its own (the network reaches the registries only).
set -euo pipefail

# fontconfig and fonts-dejavu-core: the PowerPoint-like producer of the test generator sets Latin runs in DejaVu Sans
# (tests/docgen/paint_powerpoint.py finds its fonts with fc-match).
PACKAGES=(chromium chromium-driver fonts-noto-cjk fonts-dejavu-core fontconfig)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ] && [ -x /usr/bin/chromium ]; then
    echo "setup-browser: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup-browser: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo -n)
fi

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
echo "setup-browser: installing ${missing[*]}"
"${SUDO[@]}" "${APT[@]}" update -qq
"${SUDO[@]}" "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
/usr/bin/chromium --version 2>/dev/null || { echo "setup-browser: /usr/bin/chromium missing after install" >&2; exit 1; }

#!/usr/bin/env bash
# Installs strace (Debian package) for the fault-injection tests of the output folder
# (tests/test_outputs.py: a kill injected at every rename). Does nothing when present.
set -euo pipefail

if command -v strace >/dev/null; then
    exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup-strace: need root or sudo to install strace" >&2; exit 1; }
    SUDO=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
"${SUDO[@]}" "${APT[@]}" update -qq
"${SUDO[@]}" "${APT[@]}" install -y -qq --no-install-recommends strace >/dev/null
command -v strace >/dev/null

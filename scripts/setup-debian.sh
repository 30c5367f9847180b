#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: the system browsers, HAProxy
# and openssl (the tests and the demo drive the real ones; nothing downloads a browser), then
# the npm packages. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
# The stand-in OPNsense makes its self-signed GUI certificate with the openssl CLI.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The trusted-certificate tests add the stand-in's certificate to a browser's NSS trust store.
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
# The Simplified Chinese store images (npm run store-assets) need a CJK font.
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

npm ci --no-audit --no-fund

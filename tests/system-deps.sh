#!/usr/bin/env bash
# Installs the system programs the tests drive for real: Debian's chromium, nginx and a Java
# runtime for the Nu Html Checker. Nothing is downloaded outside the package registries.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v zip >/dev/null || true
# LibreOffice stands in for Excel/WPS in the 落实情况 round-trip tests; pdftoppm renders its PDF.
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
((${#missing[@]} == 0)) && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "安装测试所需的系统软件：${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "测试需要以下系统软件：${missing[*]}。请以 root 身份运行：apt-get install ${missing[*]}" >&2
  exit 1
fi

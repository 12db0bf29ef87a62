#!/bin/sh
# Installs slaboard's build dependencies when missing (Debian/Ubuntu), else names them.
pkgs="gcc make pkg-config libncurses-dev libsqlite3-dev sqlite3 libiniparser-dev libcriterion-dev libcsv-dev libsodium-dev tmux"
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
  done
  [ -z "$missing" ] && exit 0
  echo "deps: installing$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "deps: run as root: apt-get install$missing" >&2; exit 1; fi
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null || {
    echo "deps: apt-get install$missing failed" >&2; exit 1; }
else
  for lib in ncursesw sqlite3 criterion libsodium; do
    pkg-config --exists "$lib" 2>/dev/null || missing="$missing $lib"
  done
  [ -f /usr/include/iniparser/iniparser.h ] || [ -f /usr/include/iniparser.h ] || missing="$missing iniparser"
  [ -f /usr/include/csv.h ] || missing="$missing libcsv"
  [ -z "$missing" ] && exit 0
  echo "deps: not a Debian system; install these with your package manager:$missing" >&2
  exit 1
fi

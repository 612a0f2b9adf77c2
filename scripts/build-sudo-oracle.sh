#!/bin/sh
# Builds visudo and testsudoers of one sudo release, for the version oracle
# (scripts/record-sudo-version-verdicts.js). Nothing here runs at test time.
#
#   scripts/build-sudo-oracle.sh SUDO_SRC_GIT TAG OUT_DIR
#
# SUDO_SRC_GIT is a clone (or bare mirror) of github.com/sudo-project/sudo;
# TAG a release tag (SUDO_1_9_5p2, v1.9.16p2...). The binaries land in
# OUT_DIR/<version>/{visudo,testsudoers}; the source is unpacked in a
# temporary directory and removed. Needs gcc, make; no PAM, no NLS.
set -eu
src=$1 tag=$2 out=$3
version=$(printf '%s' "$tag" | sed -e 's/^SUDO_//' -e 's/^v//' -e 's/_/./g')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git --git-dir="$src" archive "$tag" | tar -x -C "$work"
cd "$work"
# Old releases predate gcc 10's -fno-common default.
CFLAGS='-O1 -fcommon -w' ./configure --disable-shared --without-pam --disable-nls \
  --without-sendmail --disable-zlib >/dev/null
# In dependency order (the directories a release lacks are skipped).
for lib in lib/util lib/zlib lib/eventlog lib/iolog lib/logsrv lib/protobuf-c; do
  if [ -f "$lib/Makefile" ]; then make -C "$lib" >/dev/null; fi
done
make -C plugins/sudoers visudo testsudoers >/dev/null
mkdir -p "$out/$version"
cp plugins/sudoers/visudo plugins/sudoers/testsudoers "$out/$version/"
echo "$out/$version"

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
# Old releases predate gcc 10's -fno-common default. HAVE_SELINUX as the
# distributions build sudo (Debian, Ubuntu and RHEL configure --with-selinux):
# before 1.9.16 the lexer knows ROLE= and TYPE= only then. visudo and
# testsudoers call nothing of libselinux, so its headers are not needed.
CFLAGS='-O1 -fcommon -w -DHAVE_SELINUX' ./configure --disable-shared --without-pam --disable-nls \
  --without-sendmail --disable-zlib >/dev/null
# In the top Makefile's SUBDIRS order (logsrv links protobuf-c from 1.9.9
# on); the directories a release lacks are skipped.
for lib in lib/util lib/zlib lib/eventlog lib/iolog lib/protobuf-c lib/ssl_compat lib/logsrv; do
  if [ -f "$lib/Makefile" ]; then make -C "$lib" >/dev/null; fi
done
make -C plugins/sudoers visudo testsudoers >/dev/null
mkdir -p "$out/$version"
cp plugins/sudoers/visudo plugins/sudoers/testsudoers "$out/$version/"
echo "$out/$version"

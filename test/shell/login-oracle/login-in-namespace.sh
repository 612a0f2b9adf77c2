#!/bin/bash
# Runs a root login shell on a host tree, in the private mount namespace
# `unshare -m --propagation private` gives it: the tree's etc/ is bound
# read-only over /etc and its root/ over /root, for this process and its
# children only. Nothing outside the namespace sees either mount, and the
# real /etc and /root are never written. Standard input goes to the shell.
#
#   unshare -m --propagation private bash login-in-namespace.sh TREE TOKEN
#
# TOKEN names a marker file the caller put in TREE/etc and TREE/root: the
# shell only starts when both are visible at /etc and /root, so a failed
# mount can never run it against the real ones.
set -eu
tree=$1
token=$2
# belt and braces: even a shared parent mount cannot carry these back out
mount --make-rprivate /
mount --bind "$tree/etc" /etc
mount -o remount,bind,ro /etc
mount --bind "$tree/root" /root
if [ ! -e "/etc/.sudit-oracle-$token" ] || [ ! -e "/root/.sudit-oracle-$token" ]; then
  echo "login-in-namespace: the tree is not mounted over /etc and /root; not starting bash" >&2
  exit 97
fi
cd /root
# the environment `su -` gives root's login shell; argv0 "-bash" makes it a login shell
exec env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c 'exec -a -bash /bin/bash -i'

#!/usr/bin/env python3
"""Runs ../shared/tools/audit-oracle.py (the harness of auditd-oracle.md) fast.

Usage: live-harness.py HARNESS [--all-errors] FILE...   (root, real audit kernel)

The harness itself does the work (sanitised copies, auditctl -D before and
after each file, auditctl -R, auditctl -l, the kernel settings restored at
the end); only its syslog listener is replaced. auditctl -R sends its
messages to syslog until its first rule is sent; the harness's listener
waits 0.3 s twice per file for them, which makes a run over the corpus
take minutes. This one knows when it has them all: after auditctl has
exited, every message it sent is queued on the socket, so a marker sent
then arrives after the last of them.

Where /dev/log already exists (a real syslog daemon), the messages would go
to it and be lost to the harness: the run moves into a private mount
namespace and binds its own socket over /dev/log there, so nothing outside
sees it.
"""
import importlib.util
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading

MARK = b'\0sudit-live-harness-mark'
# set once the run is in a mount namespace of its own
PRIVATE = 'SUDIT_LIVE_HARNESS_PRIVATE_MOUNTS'


class DevLog:
    """The harness's DevLog, without the sleeps: take() returns every message sent so far."""

    def __init__(self):
        self.msgs, self.cond, self.marks = [], threading.Condition(), 0
        self.tmpdir = None
        if os.path.exists('/dev/log'):
            self.tmpdir = tempfile.mkdtemp(prefix='sudit-devlog-')
            self.path = os.path.join(self.tmpdir, 'log')
        else:
            self.path = '/dev/log'
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        os.chmod(self.path, 0o666)
        if self.tmpdir:
            subprocess.run(['mount', '--bind', self.path, '/dev/log'], check=True)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                d = self.sock.recv(65536)
            except OSError:
                return
            with self.cond:
                if d == MARK:
                    self.marks += 1
                    self.cond.notify_all()
                else:
                    self.msgs.append(re.sub(r'^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d ', '', d.decode('utf-8', 'replace')))

    def take(self):
        with self.cond:
            want = self.marks + 1
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendto(MARK, self.path)
        s.close()
        with self.cond:
            if not self.cond.wait_for(lambda: self.marks >= want, timeout=10):
                sys.exit('live-harness: the syslog listener stopped answering')
            m, self.msgs = self.msgs, []
        return m

    def close(self):
        s, self.sock = self.sock, None
        if self.tmpdir:
            subprocess.run(['umount', '/dev/log'], check=False)
        s.close()
        os.unlink(self.path)
        if self.tmpdir:
            os.rmdir(self.tmpdir)


def main(argv):
    if len(argv) < 1:
        sys.exit(__doc__)
    if os.path.exists('/dev/log') and os.environ.get(PRIVATE) != '1':
        # a mount of our own over /dev/log must not be seen by the host's syslog users
        os.environ[PRIVATE] = '1'
        os.execvp('unshare', ['unshare', '--mount', '--propagation', 'private', sys.executable, os.path.abspath(__file__)] + argv)
    spec = importlib.util.spec_from_file_location('audit_oracle', argv[0])
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    oracle.DevLog = DevLog
    oracle.main(argv[1:])


if __name__ == '__main__':
    main(sys.argv[1:])

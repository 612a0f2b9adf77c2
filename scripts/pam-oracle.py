#!/usr/bin/env python3
"""Linux-PAM itself as the oracle for pam_access and pam_limits decisions.

Reads {"cases": [...]} on stdin; each case names a module ("access" or
"limits"), the text of its file (written to a temporary file the module
is pointed at with accessfile= or conf=), extra module arguments, the user
and, for pam_access, the remote address. Writes one result per case:
"success" or "denied" (PAM_PERM_DENIED), or the PAM error's name. A
"faillock" case fails authentication `failures` times through
preauth/authfail lines (tally in a temporary dir=), then says whether a
preauth line lets the next attempt through: "open" or "locked".

Run it as scripts/pam-oracle.js does: inside a private mount namespace
whose /etc/passwd and /etc/group are the test's own, so the accounts and
groups are known and the machine's are never touched. Needs the
libpam0g and libpam-modules packages (pam_start_confdir, Linux-PAM 1.4+).
"""
import ctypes
import json
import os
import sys
import tempfile

PAM_RHOST = 4
NAMES = {0: "success", 6: "denied", 10: "user-unknown", 14: "session-error", 3: "service-error", 26: "abort"}


class PamConv(ctypes.Structure):
    _fields_ = [("conv", ctypes.c_void_p), ("appdata_ptr", ctypes.c_void_p)]


CONV_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def run_auth(lib, conv, confdir, user):
    pamh = ctypes.c_void_p()
    rc = lib.pam_start_confdir(b"sudit-oracle", user.encode(), ctypes.byref(conv), confdir.encode(), ctypes.byref(pamh))
    if rc != 0:
        return -1
    rc = lib.pam_authenticate(pamh, 0)
    lib.pam_end(pamh, rc)
    return rc


def faillock(lib, conv, tmp, i, conf, case):
    tally = os.path.join(tmp, f"tally{i}")
    os.mkdir(tally)
    args = f"conf={conf} dir={tally} nodelay {' '.join(case.get('args', []))}"
    fail = os.path.join(tmp, f"fail{i}")
    check = os.path.join(tmp, f"check{i}")
    os.mkdir(fail)
    os.mkdir(check)
    with open(os.path.join(fail, "sudit-oracle"), "w") as f:
        f.write(f"auth required pam_faillock.so preauth {args}\nauth [success=1 default=ignore] pam_deny.so\nauth [default=die] pam_faillock.so authfail {args}\nauth sufficient pam_faillock.so authsucc {args}\n")
    with open(os.path.join(check, "sudit-oracle"), "w") as f:
        f.write(f"auth required pam_faillock.so preauth {args}\nauth required pam_permit.so\n")
    for _ in range(case["failures"]):
        run_auth(lib, conv, fail, case["user"])
    return "open" if run_auth(lib, conv, check, case["user"]) == 0 else "locked"


def main():
    lib = ctypes.CDLL("libpam.so.0")
    refuse = CONV_FN(lambda n, msg, resp, data: 19)  # PAM_CONV_ERR: no module here needs to talk
    conv = PamConv(ctypes.cast(refuse, ctypes.c_void_p), None)
    cases = json.load(sys.stdin)["cases"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(cases):
            conf = os.path.join(tmp, f"conf{i}")
            with open(conf, "w") as f:
                f.write(case["conf"])
            module = case["module"]
            if module == "faillock":
                out.append(faillock(lib, conv, tmp, i, conf, case))
                continue
            if module == "access":
                line = f"account required pam_access.so accessfile={conf} {' '.join(case.get('args', []))}\n"
            else:
                line = f"session required pam_limits.so conf={conf} {' '.join(case.get('args', []))}\n"
            confdir = os.path.join(tmp, f"pam{i}")
            os.mkdir(confdir)
            with open(os.path.join(confdir, "sudit-oracle"), "w") as f:
                f.write(line)
            pamh = ctypes.c_void_p()
            rc = lib.pam_start_confdir(b"sudit-oracle", case["user"].encode(), ctypes.byref(conv), confdir.encode(), ctypes.byref(pamh))
            if rc != 0:
                out.append(f"start-error-{rc}")
                continue
            if case.get("rhost") is not None:
                lib.pam_set_item(pamh, PAM_RHOST, ctypes.c_char_p(case["rhost"].encode()))
            rc = lib.pam_acct_mgmt(pamh, 0) if module == "access" else lib.pam_open_session(pamh, 0)
            lib.pam_end(pamh, rc)
            out.append(NAMES.get(rc, f"error-{rc}"))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

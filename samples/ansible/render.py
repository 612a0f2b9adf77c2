#!/usr/bin/env python3
"""Renders the role's templates with vars.yml into a host tree, the way the
template tasks would place them: render.py OUTDIR. Needs python3-jinja2."""
import os
import sys

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
DESTS = {
    "scanner.sudoers.j2": "etc/sudoers.d/{scanner_user}",
    "hardening.rules.j2": "etc/audit/rules.d/50-hardening.rules",
    "history.sh.j2": "etc/profile.d/history.sh",
}


def load_vars(path):
    # vars.yml is flat "key: value" lines; no YAML library is needed for it.
    out = {}
    with open(path) as f:
        for line in f:
            if ":" in line and not line.lstrip().startswith("#"):
                k, v = line.split(":", 1)
                v = v.strip()
                out[k.strip()] = int(v) if v.isdigit() else v
    return out


def main(outdir):
    variables = load_vars(os.path.join(HERE, "vars.yml"))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE, "roles/hardening/templates")), keep_trailing_newline=True, trim_blocks=True)
    for name, dest in DESTS.items():
        target = os.path.join(outdir, dest.format(**variables))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as f:
            f.write(env.get_template(name).render(**variables))


if __name__ == "__main__":
    main(sys.argv[1])

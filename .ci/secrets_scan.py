"""The secrets scan of `make lint` (and so of .ci/run): detect-secrets over every file git tracks.

A finding fails the scan unless .secrets.baseline lists it: the file, the kind and the hash of the value, each
looked at by a person and marked not a secret (test passwords, the test-only keys in app/config.py, RFC test
vectors). Line numbers are not compared, so editing a file elsewhere does not fail the scan; a new finding, or a
listed value that moved to another file, does. Alembic's revision ids (hex) and the baseline itself are not scanned.

    python .ci/secrets_scan.py           # scan; exit 1 with the new findings
    python .ci/secrets_scan.py --update  # write the current findings as the baseline (then read its diff)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".secrets.baseline"
EXCLUDE = r"^(migrations/versions/|\.secrets\.baseline$)"


def scan() -> dict:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    tool = Path(sys.executable).parent / "detect-secrets"
    out = subprocess.run(
        [str(tool), "scan", "--exclude-files", EXCLUDE, *files], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def keys(report: dict) -> set[tuple[str, str, str]]:
    return {
        (path, found["type"], found["hashed_secret"])
        for path, findings in report["results"].items()
        for found in findings
    }


def main() -> int:
    report = scan()
    if "--update" in sys.argv:
        for findings in report["results"].values():
            for found in findings:
                found["is_secret"] = False  # audited: see the module docstring
        BASELINE.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
        print(f"{BASELINE.name}: {len(keys(report))} findings written")
        return 0
    known = keys(json.loads(BASELINE.read_text()))
    new = sorted(keys(report) - known)
    lines = {
        (path, found["type"], found["hashed_secret"]): found["line_number"]
        for path, findings in report["results"].items()
        for found in findings
    }
    for path, kind, hashed in new:
        print(f"{path}:{lines[(path, kind, hashed)]}: {kind} (not in {BASELINE.name})")
    if new:
        print(
            "A possible secret. If it is one, remove it (and rotate it). If it is not, run "
            "`.venv/bin/python .ci/secrets_scan.py --update` and commit .secrets.baseline."
        )
        return 1
    print(f"secrets scan: {len(lines)} known findings, none new")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The security checks of `make lint` stay honest: bandit is told to skip a finding only with a reason next to it,
and the lint target runs bandit and the secrets scan (so .ci/run does)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = [ROOT / "app", ROOT / "bench", ROOT / "deploy", ROOT / "wsgi.py"]
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
WITH_REASON = re.compile(r"^ (B\d{3})(, ?B\d{3})* # \S.{7,}$")


def _python_files() -> list[Path]:
    files: list[Path] = []
    for place in SCANNED:
        files.extend([place] if place.is_file() else sorted(place.rglob("*.py")))
    return files


def test_every_nosec_names_its_check_and_says_why():
    bare = []
    for path in _python_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = NOSEC.search(line)
            if match and not WITH_REASON.match(match.group("rest")):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bare == [], "write `# nosec B123 # why it is safe` (bandit reads the ids up to the second #)"


def test_the_check_catches_a_bare_nosec():
    assert not WITH_REASON.match(NOSEC.search("x = 1  # nosec").group("rest"))
    assert not WITH_REASON.match(NOSEC.search("x = 1  # nosec B608").group("rest"))
    assert WITH_REASON.match(NOSEC.search("x = 1  # nosec B608 # table names are ours").group("rest"))


def test_lint_runs_bandit_and_the_secrets_scan():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "bandit" in lint and "--severity-level medium" in lint
    assert ".ci/secrets_scan.py" in lint
    assert "make lint" in (ROOT / ".ci" / "run").read_text()
    dev = (ROOT / "requirements-dev.txt").read_text()
    for tool in ("bandit==", "detect-secrets==", "hypothesis=="):
        assert tool in dev, f"{tool} is pinned in requirements-dev.txt"


OPT_OUT = re.compile(r"#\s*(?P<kind>noqa|fmt:\s*(?:skip|off))\b(?P<rest>.*)$")
OPT_OUT_WITH_REASON = re.compile(r"^(?::? ?[A-Z]+\d+(?:, ?[A-Z]+\d+)*)? *(?:-|#) ?\S.{7,}$")


def _selected_rules() -> list[str]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]["select"]


def test_app_has_few_formatter_and_lint_opt_outs_each_with_its_reason():
    """Issue 11: the code follows the line length and rules that are switched on; an opt-out is rare and says why,
    and a `noqa` names a rule that is switched on (one for a rule that is not is dead weight)."""
    selected = tuple(_selected_rules())
    found, bad = [], []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = OPT_OUT.search(line)
            if not match:
                continue
            where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            found.append(where)
            codes = re.findall(r"[A-Z]+\d+", match.group("rest").split("#")[0].split(" - ")[0])
            if not OPT_OUT_WITH_REASON.match(match.group("rest")) or any(
                not code.startswith(selected) for code in codes
            ):
                bad.append(where)
    assert len(found) < 15, found
    assert bad == [], "an opt-out says why (`# noqa: E501 - why`) and names a rule that is switched on"


def test_the_opt_out_check_wants_a_reason():
    assert not OPT_OUT_WITH_REASON.match(OPT_OUT.search("x = 1  # noqa: N801").group("rest"))
    assert not OPT_OUT_WITH_REASON.match(OPT_OUT.search("x = 1  # fmt: skip").group("rest"))
    assert OPT_OUT_WITH_REASON.match(OPT_OUT.search("x = 1  # noqa: E501 - a URL cannot wrap").group("rest"))
    assert OPT_OUT_WITH_REASON.match(OPT_OUT.search("x = (1, 2)  # fmt: skip # a table reads by rows").group("rest"))

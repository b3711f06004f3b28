"""At country scale (`flask demo --scale country` on PostgreSQL), no page reads a big table from end to end, and
each page makes the same statements as at demo scale. Needs SCALE_DATABASE_URL (`.ci/run` builds one); skipped
without it, because building 50,000 participants takes minutes."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

URL = os.environ.get("SCALE_DATABASE_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set SCALE_DATABASE_URL to a country-scale PostgreSQL database")


def _bench():  # noqa: ANN202
    path = Path(__file__).resolve().parents[2] / "bench" / "explain_pages.py"
    spec = importlib.util.spec_from_file_location("explain_pages", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_no_page_scans_a_big_table_at_country_scale():
    reports = _bench().run(URL)
    scans = {r.page: r.seq_scans for r in reports if r.seq_scans}
    assert scans == {}
    assert len(reports) == 14 and all(r.statements > 0 for r in reports)

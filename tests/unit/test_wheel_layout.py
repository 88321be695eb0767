"""A non-editable install (the wheel, as pyproject.toml lays it out) still holds every body
a downgrade installs: the superseded ones are rebuilt there from their deltas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from aftersales_desktop.core import sql_files

ROOT = Path(__file__).resolve().parent.parent.parent

CHECK = """
import sys
from pathlib import Path
from aftersales_desktop.core import paths, sql_files
site = Path(sys.argv[1]).resolve()
assert paths.db_dir().resolve().is_relative_to(site), paths.db_dir()
bodies = 0
for key, wanted in sql_files.installed_digests().items():
    revision, name = key.split(" ", 1)
    assert sql_files.digest(sql_files.text_at(name, revision)) == wanted, key
    bodies += 1
print(bodies, len(sql_files.frozen_versions()))
"""


def _wheel_layout(site: Path) -> None:
    """Copy what the wheel ships into `site` the way tool.hatch.build lays it out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in wheel["packages"]:
        shutil.copytree(ROOT / package, site / package, ignore=ignore)
    for source, target in wheel["force-include"].items():
        shutil.copytree(ROOT / source, site / target, ignore=ignore)


def test_an_installed_wheel_rebuilds_every_body_a_downgrade_installs(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _wheel_layout(site)
    assert list((site / "aftersales_desktop" / "db" / "sql" / "superseded").rglob("*"))
    run = subprocess.run([sys.executable, "-c", CHECK, str(site)], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    bodies, frozen = map(int, run.stdout.split())
    assert (bodies, frozen) == (len(sql_files.installed_digests()),
                                len(sql_files.frozen_versions()))
    assert frozen >= 14

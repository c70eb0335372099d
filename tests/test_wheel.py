"""The wheel holds everything under `accountable/` (model, Cypher, seeds as package data) and
answers from outside the repository, installed as it is (not editable)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", "test-output", ".env")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps` of a copy of this working tree (the build writes build/)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--wheel-dir", str(tmp / "dist"), str(src)], check=True)
    (built,) = (tmp / "dist").glob("accountable-*.whl")
    return built


def test_wheel_holds_the_data_under_accountable_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"accountable", next(t for t in tops if t.endswith(".dist-info"))}
    for generic in ("graph", "loaders", "cypher", "seeds"):
        assert generic not in tops
    assert "accountable/graph/model.yaml" in names
    templates = sorted(n for n in names if n.startswith("accountable/render/templates/"))
    in_repo = sorted(f"accountable/render/templates/{p.name}"
                     for p in (ROOT / "accountable/render/templates").iterdir())
    assert templates == in_repo and "accountable/render/templates/map.js" in templates
    cypher = sorted(n for n in names if n.startswith("accountable/cypher/"))
    in_repo = sorted(f"accountable/cypher/{p.name}" for p in (ROOT / "cypher").glob("*.cypher"))
    assert cypher == in_repo and len(cypher) > 20
    for rel in ("seeds/sources.yaml", "seeds/README.md",
                *(p.relative_to(ROOT).as_posix() for p in (ROOT / "seeds").glob("*/*.*"))):
        assert f"accountable/{rel}" in names, rel
    for module in ("api.py", "__main__.py", "cli/ask.py", "render/timeline.py", "graph/store.py",
                   "loaders/validate.py", "cli/serve.py", "web/app.py", "web/drafts.py"):
        assert f"accountable/{module}" in names, module
    web = ROOT / "accountable" / "web"
    for part in ("templates", "static"):  # `accountable serve`'s pages are package data
        files = sorted(p.relative_to(ROOT).as_posix() for p in (web / part).iterdir())
        assert files and all(f in names for f in files), part
    top_level = [n for n in names if n.endswith("top_level.txt")]
    if top_level:
        assert zipfile.ZipFile(wheel).read(top_level[0]).decode().split() == ["accountable"]


def test_the_installed_wheel_answers_from_outside_the_repository(wheel: Path,
                                                                 tmp_path: Path) -> None:
    """Installed (not editable) into its own folder; the dependencies come from this venv."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "ACCOUNTABLE_DATA": str(tmp_path / "data")}
    for key in ("ACCOUNTABLE_SEEDS", "NEO4J_URI", "NEO4J_PASSWORD"):
        env.pop(key, None)
    where = subprocess.run([sys.executable, "-c", "import accountable.api as a; print(a.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(target)  # the wheel, not this checkout
    r = subprocess.run([sys.executable, "-m", "accountable", "who", "Sandwell", "--on", "2013-03",
                        "--json"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    dcs = [h["person"] for h in json.loads(r.stdout)["holders"] if h["post_kind"] == "dcs"]
    assert dcs == ["Simon White"]
    assert str(target / "accountable" / "seeds") in r.stderr.replace("\n", "")  # packaged seeds


def test_the_installed_wheel_serves_its_pages(wheel: Path, tmp_path: Path) -> None:
    """`accountable serve` from the wheel: templates and static files come with it."""
    import urllib.request

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target), "ACCOUNTABLE_DATA": str(tmp_path / "data")}
    for key in ("ACCOUNTABLE_SEEDS", "NEO4J_URI", "NEO4J_PASSWORD"):
        env.pop(key, None)
    proc = subprocess.Popen([sys.executable, "-m", "accountable", "serve", "--port", "0"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split("serve: ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:"), line
        with urllib.request.urlopen(url + "org/org:sandwell") as r:
            page = r.read().decode()
        assert "Sandwell Metropolitan Borough Council" in page and "/static/style.css" in page
        with urllib.request.urlopen(url + "static/style.css") as r:
            assert b"font-family" in r.read()
    finally:
        proc.terminate()
        proc.wait(20)
        subprocess.run([sys.executable, "-m", "accountable", "stop"], env=env, cwd=tmp_path,
                       capture_output=True)

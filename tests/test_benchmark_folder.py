"""benchmarks/folder.py: the generated facts folder the benchmarks load is one a user could
have (it validates), and its edits are as small as they say."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from benchmarks.folder import MARK, edit_names, write_folder
from tests.conftest import invoke


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARK}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("bench") / "facts"
    return dest, write_folder(300, dest, seed=7)


def test_the_generated_folder_validates(folder: tuple[Path, dict]) -> None:
    dest, info = folder
    result = invoke(["validate", "--seeds", str(dest), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["problems"] == []
    assert report["records"] == info["records"] >= 300
    assert len(list((dest / "facts").glob("council-*.yaml"))) >= 2


def test_a_one_record_edit_changes_one_file(folder: tuple[Path, dict], tmp_path: Path) -> None:
    dest, _ = folder
    work = tmp_path / "work"
    write_folder(300, work, seed=7)
    assert _digests(work) == _digests(dest)  # the same seed, the same bytes
    before = _digests(work)
    assert edit_names(work, 1) == 1
    after = _digests(work)
    changed = [p for p in before if before[p] != after[p]]
    assert len(changed) == 1 and changed[0].startswith("facts/council-")
    result = invoke(["validate", "--seeds", str(work), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def test_a_concentrated_edit_touches_few_files_and_a_spread_one_all(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write_folder(300, work, seed=7)
    councils = sorted((work / "facts").glob("council-*.yaml"))
    names = [len(re.findall(r"^  name: ", p.read_text(encoding="utf-8"), re.M))
             for p in councils]
    assert len(councils) >= 3 and min(names) >= 2
    count = names[0] + 1  # every name in the first file and one in the second
    before = _digests(work)
    assert edit_names(work, count, spread=False) == count
    after = _digests(work)
    changed = sorted(p for p in before if before[p] != after[p])
    assert changed == [f"facts/{councils[0].name}", f"facts/{councils[1].name}"]
    assert edit_names(work, len(councils), spread=True) == len(councils)
    spread = _digests(work)
    assert all(spread[f"facts/{p.name}"] != after[f"facts/{p.name}"] for p in councils)

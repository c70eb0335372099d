"""The README's "Use from Python" example runs and prints what the README shows."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def test_use_from_python_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use from Python"):]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block, "README: no ```python block under 'Use from Python'"
    monkeypatch.setenv("ACCOUNTABLE_DATA", str(tmp_path / "store"))  # a fresh embedded store
    monkeypatch.delenv("ACCOUNTABLE_SEEDS", raising=False)
    test = doctest.DocTestParser().get_doctest(block.group(1), {}, "README", str(README), 0)
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} README example(s) print something else"

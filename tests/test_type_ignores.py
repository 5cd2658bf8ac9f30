"""Every mypy ignore comment names its error code and says why (warn_unused_ignores says it is needed)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[a-z, -]+\]\s+#\s*\S")


def test_each_type_ignore_is_explained() -> None:
    bare = []
    for folder in ("storefront", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"#\s*type:\s*ignore", line) and not EXPLAINED.search(line):
                    bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []

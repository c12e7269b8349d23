from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def golden() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(
        (HERE / "data" / "sample_golden.json").read_text("utf-8")
    )
    return data

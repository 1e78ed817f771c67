from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SAMPLE, copy_example, copy_sample


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    if not SAMPLE.is_dir():
        pytest.fail(f"the real sample is missing: {SAMPLE}")
    return copy_sample(tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)

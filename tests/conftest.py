from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SAMPLE, copy_example, copy_sample


def pytest_configure(config: pytest.Config) -> None:
    """Without the real sample most tests cannot run: say so once, before collecting."""
    if not SAMPLE.is_dir():
        raise pytest.UsageError(
            f"the real sample is missing: {SAMPLE}. Clone this repository beside shared/ "
            "(../shared/corpus/finews-sample) or set FINEWS_SAMPLE to the sample's folder."
        )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    if not SAMPLE.is_dir():
        pytest.fail(f"the real sample is missing: {SAMPLE}")
    return copy_sample(tmp_path)


@pytest.fixture
def trust_fresh_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are trusted by their stat stamps (normally they are not for
    2 s: see statall.RACY_NS), so tests of the caches need not wait."""
    from finews_lint import statall

    monkeypatch.setattr(statall, "RACY_NS", 0)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)

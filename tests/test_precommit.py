"""The hooks of .pre-commit-hooks.yaml, run by the real ``pre-commit`` on a real git repository.

pre-commit clones this project's checkout at its HEAD commit and installs it into a hook
environment with pip, as it would for any team that lists this repository in its
``.pre-commit-config.yaml``. So the test exercises what is committed: commit before
running it locally (CI runs on a clean clone, where HEAD is what is tested).
The hook environment is installed once per test session (a shared PRE_COMMIT_HOME).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from finews_lint.cli import app
from typer.testing import CliRunner

from tests.helpers import ROOT, copy_example
from tests.workflow_posts import GOOD_POST, NO_OFFSET_POST, write_post

pytestmark = pytest.mark.precommit

LEGACY_POST = NO_OFFSET_POST.replace("EX202403070004", "EX202403070009")


def _head(repo: Path) -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else None


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def site_repo(tmp_path: Path) -> Path:
    """A Jekyll site in its own git repository, using this checkout's hooks."""
    rev = _head(ROOT)
    if rev is None:
        pytest.skip(f"{ROOT} is not a git checkout: pre-commit needs a commit to clone")
    site = copy_example(tmp_path)
    write_post(site, "2024-03-07-EX202403070009.md", LEGACY_POST)  # a legacy defect, not changed
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n"
        "      - id: finews-lint\n      - id: finews-lint-fix\n      - id: finews-lint-site\n",
        encoding="utf-8",
    )
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "site")
    return site


def pre_commit(site: Path, home: Path, hook: str, *files: str) -> tuple[int, str]:
    """Stage ``files`` as a commit would, then run ``hook`` on them."""
    git(site, "add", *files)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--files", *files],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_a_good_post_passes_and_the_unchanged_legacy_post_is_not_linted(
    site_repo: Path, pre_commit_home: Path
) -> None:
    write_post(site_repo, "2024-03-07-EX202403070004.md", GOOD_POST)
    code, out = pre_commit(
        site_repo, pre_commit_home, "finews-lint", "_posts/2024-03-07-EX202403070004.md"
    )
    assert code == 0, out
    assert "Passed" in out


def test_a_bad_post_fails_with_its_diagnostics(site_repo: Path, pre_commit_home: Path) -> None:
    # The layout is checked against _layouts/ although only the post is passed to the hook.
    bad = NO_OFFSET_POST.replace("layout: post", "layout: article")
    write_post(site_repo, "2024-03-07-EX202403070004.md", bad)
    code, out = pre_commit(
        site_repo, pre_commit_home, "finews-lint", "_posts/2024-03-07-EX202403070004.md"
    )
    assert code == 1, out
    assert "Failed" in out
    assert "_posts/2024-03-07-EX202403070004.md:2:9: FM004" in out
    assert "_posts/2024-03-07-EX202403070004.md:4:7: FM005" in out
    assert "EX202403070009" not in out


def test_a_layout_renamed_alone_lints_every_post(site_repo: Path, pre_commit_home: Path) -> None:
    """No post is in the commit, yet every post now names a layout the site lacks."""
    git(site_repo, "mv", "_layouts/post.html", "_layouts/article.html")
    code, out = pre_commit(site_repo, pre_commit_home, "finews-lint", "_layouts/article.html")
    assert code == 0 and "no files to check" in out.lower(), out
    code, out = pre_commit(site_repo, pre_commit_home, "finews-lint-site", "_layouts/article.html")
    assert code == 1, out
    posts = sorted(p.name for p in (site_repo / "_posts").iterdir())
    assert sorted({line.split(":")[0] for line in out.splitlines() if ": FM004 " in line}) == [
        f"_posts/{name}" for name in posts
    ]
    code, out = pre_commit(site_repo, pre_commit_home, "finews-lint-site", "_posts")
    assert code == 0 and "no files to check" in out.lower(), out


def _has_fix_command() -> bool:
    return CliRunner().invoke(app, ["fix", "--help"]).exit_code == 0


def test_the_fix_hook_repairs_a_post_and_fails_because_it_changed_it(
    site_repo: Path, pre_commit_home: Path
) -> None:
    if not _has_fix_command():
        pytest.skip("`finews-lint fix` does not exist yet (the fix command lands separately)")
    post = write_post(site_repo, "2024-03-07-EX202403070004.md", NO_OFFSET_POST)
    code, out = pre_commit(
        site_repo, pre_commit_home, "finews-lint-fix", "_posts/2024-03-07-EX202403070004.md"
    )
    assert code == 1, out
    assert "files were modified by this hook" in out
    assert post.read_text(encoding="utf-8") == GOOD_POST
    code, out = pre_commit(
        site_repo, pre_commit_home, "finews-lint-fix", "_posts/2024-03-07-EX202403070004.md"
    )
    assert code == 0, out


def _manifest() -> list[dict]:
    import yaml

    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_every_hook_is_valid_and_documented_in_the_readme() -> None:
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        command = "validate-manifest" if "hooks" in name else "validate-config"
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, str(ROOT / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = _manifest()
    assert [hook["id"] for hook in hooks] == ["finews-lint", "finews-lint-fix", "finews-lint-site"]
    for hook in hooks:
        assert f"`{hook['id']}`" in readme
        assert hook["language"] == "python" and hook["require_serial"] is True
    assert [set(hook["types_or"]) for hook in hooks[:2]] == [{"markdown", "html"}] * 2

"""A `--no-cache` run over every post lints each post once, building the post index on the
way (finews_lint.onepass): its report is the two-pass report, exactly, even where the
guesses it lints with are wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint import onepass
from finews_lint.site import Site

from tests.helpers import REFERENCE, replace_in, run_json

LINKING = "_posts/2021-12-08-202112082206672930.md"
LINKED_URL = "/emnews/2021/12/08/202112082206704122.html"  # the URL of another sample post


def reports(
    site: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[list[dict], list[dict]]:
    """The JSON diagnostics of `check --no-cache` in one pass and in two."""
    answers = []
    for enabled in (True, False):
        monkeypatch.setattr(onepass, "ENABLED", enabled)
        _, report = run_json("--no-cache", *args, cwd=site)
        answers.append(report["diagnostics"])
    return answers[0], answers[1]


class OnePassRuns:
    """The one-pass runs of a test: how many files each linted again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.redone: list[int] = []
        lint = onepass.lint

        def counting(linter, targets, jobs):  # type: ignore[no-untyped-def]
            self.redone.append(0)
            seen = linter.map

            def mapped(work, items, jobs, settle=None):  # type: ignore[no-untyped-def]
                if work == linter.lint_for_report:
                    self.redone[-1] += len(items)
                return seen(work, items, jobs, settle)

            linter.map = mapped
            return lint(linter, targets, jobs)

        monkeypatch.setattr(onepass, "lint", counting)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_sample_reports_the_same_in_one_pass(
    sample: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    runs = OnePassRuns(monkeypatch)
    one, two = reports(sample, monkeypatch, "--jobs", jobs, ".")
    assert one == two and len(one) == 371
    assert runs.redone == [0]  # one one-pass run, and every guess held: no post linted twice


def test_a_link_to_another_post_is_linted_again_with_the_index(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace_in(
        sample / LINKING,
        "<http://",
        f"[相关]({LINKED_URL}) [无此文](/emnews/2021/12/08/none.html)\n\n<http://",
    )
    runs = OnePassRuns(monkeypatch)
    one, two = reports(sample, monkeypatch, "--select", "LNK004", ".")
    assert one == two
    missing = "/emnews/2021/12/08/none.html"
    assert [(d["path"], d["line"], d["column"], d["message"]) for d in one] == [
        (LINKING, 11, 56, f"link '{missing}' goes to {missing}, where the site publishes no post")
    ]
    assert runs.redone == [1]  # the post whose link went to another post, and only it


def test_a_wrong_offset_style_guess_changes_nothing(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        Site, "guess_offset_style", lambda self, sample=64: "+08:00"
    )  # the site uses +0800
    runs = OnePassRuns(monkeypatch)
    one, two = reports(sample, monkeypatch, ".")
    assert one == two
    assert any("gives +0800" in d["message"] for d in one if d["code"] == "FM005")
    assert runs.redone == [sum(1 for d in one if d["code"] == "FM005")]  # those that asked


def test_unreadable_and_undecodable_posts_keep_their_place_in_the_index(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = OnePassRuns(monkeypatch)
    (sample / "_posts" / "2022-03-01-latin1.md").write_bytes(
        (sample / REFERENCE).read_bytes()[:200] + b"\xe9t\xe9\n"
    )
    copy = sample / "_posts" / "2022-03-02-copy.md"
    copy.write_bytes((sample / REFERENCE).read_bytes())
    replace_in(copy, "date: 2022-02-11", "date: 2022-02-12")  # a duplicate: REPO002 reads the index
    one, two = reports(sample, monkeypatch, ".")
    assert one == two
    codes = {(d["path"], d["code"]) for d in one}
    assert ("_posts/2022-03-01-latin1.md", "IO002") in codes
    assert ("_posts/2022-03-02-copy.md", "REPO002") in codes
    assert runs.redone == [0]


def test_a_run_over_some_posts_reads_the_index_first(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = OnePassRuns(monkeypatch)
    one, two = reports(
        sample, monkeypatch, "_posts/2021-12-08-202112082206672930.md", "_posts/2021-12-01-init.md"
    )
    assert one == two and one
    assert runs.redone == []  # not used: the other posts' facts come from reading them


def test_the_index_made_while_linting_is_the_index_read_from_the_posts(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finews_lint.app import RunRequest, make_linter
    from finews_lint.postindex import FIELDS

    posts = sample / "_posts"
    (posts / "2022-03-01-yaml.md").write_text(  # posts the YAML parser must read: a list, an error
        "---\ntitle: 列表\ncategories: [a, b]\ndate: 2022-03-01 10:00:00 +08:00\n---\n正文\n",
        encoding="utf-8",
    )
    bad = '---\ntitle: "引号" 之后\n---\n正文\n'
    (posts / "2022-03-02-bad.md").write_text(bad, encoding="utf-8")
    runs = OnePassRuns(monkeypatch)
    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    linter.check([sample], jobs=1)
    assert len(runs.redone) == 1
    (made,) = linter.sites.sites
    assert "post_table" in made.__dict__ and made.guessing is False
    read = Site(sample)
    for name in FIELDS:
        assert made.post_table.column(name) == read.post_table.column(name), name


def test_a_plugin_that_catches_every_exception_still_sees_the_index(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sample / "plugin_rule.py").write_text(
        "from finews_lint.diagnostic import Problem\n"
        "CODE = 'ZZ001'\nNAME = 'careful-plugin'\nTARGET = 'body'\nSEVERITY = 'warning'\n"
        "def check(doc, options):\n"
        "    try:\n"
        "        known = doc.site.post_urls\n"
        "    except Exception:\n"
        "        known = frozenset()\n"
        "    if doc.is_post and doc.url is not None and doc.url not in known:\n"
        "        yield Problem(0, 1, 'not in the post index')\n",
        encoding="utf-8",
    )
    (sample / ".finews-lint.toml").write_text('plugins = ["plugin_rule.py"]\n', encoding="utf-8")
    runs = OnePassRuns(monkeypatch)
    one, two = reports(sample, monkeypatch, "--select", "ZZ", ".")
    assert one == two == []
    assert runs.redone and runs.redone[0] > 100  # every post asked the index: linted again


class FirstPasses:
    """Which one-pass runs a test's runs made: the name of each one's guessing step."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kinds: list[str] = []
        real = onepass._in_one_pass

        def counting(linter, targets, jobs, guessing, *rest):  # type: ignore[no-untyped-def]
            self.kinds.append(guessing.__name__)
            return real(linter, targets, jobs, guessing, *rest)

        monkeypatch.setattr(onepass, "_in_one_pass", counting)


def test_a_first_run_with_the_cache_reports_as_two_passes_do(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes = FirstPasses(monkeypatch)
    _, first = run_json(".", cwd=sample)  # a fresh clone in CI: no cache, no post index
    assert passes.kinds == ["_cache_guessing"]
    assert list((sample / ".finews-lint-cache").glob("posts-*.index"))  # the index is kept
    monkeypatch.setattr(onepass, "ENABLED", False)
    _, two = run_json("--no-cache", ".", cwd=sample)
    assert first == two and len(first["diagnostics"]) == 371


def test_a_guess_a_cached_finding_rests_on_is_checked_again_when_posts_change(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    missing = "/emnews/2021/12/08/none.html"
    replace_in(sample / LINKING, "<http://", f"[无此文]({missing})\n\n<http://")
    passes = FirstPasses(monkeypatch)
    _, first = run_json("--select", "LNK004", ".", cwd=sample)
    assert passes.kinds == ["_cache_guessing"]
    assert [(d["path"], d["line"], d["column"]) for d in first["diagnostics"]] == [(LINKING, 11, 7)]
    # Linted while guessing that no post is published at the link's URL, a guess that held:
    # a post published there now must make the cached finding go.
    published = sample / "_posts" / "2021-12-08-none.md"
    published.write_text("---\ntitle: 新文\ncategories: emnews\n---\n正文\n", encoding="utf-8")
    _, second = run_json("--select", "LNK004", ".", cwd=sample)
    assert second["diagnostics"] == []
    assert passes.kinds == ["_cache_guessing"]  # the second run had the cache and the index
    monkeypatch.setattr(onepass, "ENABLED", False)
    assert run_json("--no-cache", "--select", "LNK004", ".", cwd=sample)[1] == second


def test_a_post_changed_while_the_first_run_reads_the_posts_is_read_again_next_time(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    moved = sample / "_posts" / "2021-12-08-202112082206704122.md"
    new_url = "/emnews/2021/12/09/202112082206704122.html"  # once its date says the 9th
    replace_in(sample / LINKING, "<http://", f"[相关]({new_url})\n\n<http://")
    real = onepass._cache_guessing
    last = sorted(p.name for p in (sample / "_posts").iterdir())[-1]

    def editing_meanwhile(linter, target):  # type: ignore[no-untyped-def]
        found = real(linter, target)
        if target.relpath.endswith(last):  # after the moved post was read and linted
            replace_in(moved, "date: 2021-12-08 10:19:17", "date: 2021-12-09 10:19:17")
        return found

    monkeypatch.setattr(onepass, "_cache_guessing", editing_meanwhile)
    _, first = run_json("--jobs", "1", "--select", "LNK004", ".", cwd=sample)
    assert [d["path"] for d in first["diagnostics"]] == [LINKING]  # as the posts were read
    monkeypatch.setattr(onepass, "_cache_guessing", real)
    _, second = run_json("--jobs", "1", "--select", "LNK004", ".", cwd=sample)
    assert second["diagnostics"] == []  # the index read the moved post again: its new URL


def test_a_first_run_with_the_cache_stats_each_post_once(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post index keeps the stamps the run took of its targets, not a second stat of
    every post (a stat is 4-6 us here: 0.1 s of a 20,000-post run)."""
    from finews_lint import statall

    stat_ed: list[str] = []
    real = statall.stamps

    def counting(prefix: str, relpaths: list[str]):  # type: ignore[no-untyped-def]
        stat_ed.extend(prefix + relpath for relpath in relpaths)
        return real(prefix, relpaths)

    monkeypatch.setattr(statall, "stamps", counting)
    _, first = run_json("--jobs", "1", ".", cwd=sample)
    posts = [p for p in stat_ed if "/_posts/" in p]
    assert len(posts) == len(set(posts)) == len(list((sample / "_posts").iterdir()))
    assert len(first["diagnostics"]) == 371


def test_an_empty_source_link_guessed_without_an_address_is_linted_again_when_there_is_one(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While guessing, an empty `<>` is taken to have no address its category's posts share;
    where they do share one (SRC002's fix), that post alone is linted again."""
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    for n in range(3):
        ident = f"NW20220210227337010{n}"
        (sample / f"_posts/2022-02-10-{ident}.md").write_text(
            text.replace("NW202202112273370064", ident), encoding="utf-8"
        )
    replace_in(
        sample / REFERENCE,
        "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202112273370064>",
        "<>",
    )
    runs = OnePassRuns(monkeypatch)
    one, two = reports(sample, monkeypatch, ".")
    assert one == two
    (empty,) = [d for d in one if d["path"] == REFERENCE and d["code"] == "SRC002"]
    assert "newest other posts of 'dazhongribao'" in empty["message"]
    assert runs.redone == [1]

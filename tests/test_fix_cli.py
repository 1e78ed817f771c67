"""`finews-lint fix` on a copy of the real sample and on planted defects.

What it writes, what it prints, how it exits.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from finews_lint import fixfiles

from tests.fix_posts import DATE, body, front_matter, post, write_post
from tests.helpers import REFERENCE, replace_in, run_cli, run_cli_with_errors, run_json

NAME = "2022-02-11-TEST0001.md"
OFFSETLESS = re.compile(r"^(date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$", re.MULTILINE)


def snapshot(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((site / "_posts").iterdir())}


def expected_after_date_fix(text: str) -> str:
    """What the fixer must make of a sample post: blank lines before `---` go, offsets come."""
    stripped = text.lstrip("\r\n")
    if not stripped.startswith("---"):
        return text
    return OFFSETLESS.sub(r"\1 +0800", stripped, count=1)


def test_every_offsetless_date_gets_the_site_offset_and_nothing_else_changes(sample: Path) -> None:
    before = snapshot(sample)
    code, out = run_cli("fix", "_posts", "--select", "FM", cwd=sample)
    assert code == 1
    changed = 0
    for path, raw in before.items():
        expected = expected_after_date_fix(raw.decode("utf-8"))
        assert path.read_text(encoding="utf-8") == expected, path.name
        changed += expected != raw.decode("utf-8")
    assert changed == 95  # 94 reported by FM005, one more once FM001's blank line is gone
    assert out.count("Fixed _posts/") == changed
    assert "Fixed 96 problem(s) in 95 of 102 file(s)." in out
    assert "_posts/-202205262391921712.md:4:8: FM006" in out  # what remains is listed

    after = snapshot(sample)
    code, out = run_cli("fix", "_posts", "--select", "FM", cwd=sample)
    assert snapshot(sample) == after
    assert "Fixed 0 problem(s)" in out
    assert code == 1  # errors remain (FM003, FM006, FM007 on the nameless post)


def test_full_fix_changes_only_dates_and_return_links(sample: Path) -> None:
    """With every rule: dates get offsets; `../emnews/` links change only if LNK002 fixes them."""
    before = snapshot(sample)
    _, report = run_json("_posts", cwd=sample)
    lnk_fixes = any(d["code"] == "LNK002" and d["fixable"] for d in report["diagnostics"])
    run_cli("fix", "_posts", cwd=sample)
    for path, raw in before.items():
        expected = expected_after_date_fix(raw.decode("utf-8"))
        if lnk_fixes:
            expected = expected.replace("](../emnews/)", "](//finews.withounder.com/emnews/)")
            expected = expected.replace("[返回首页](../)", "[返回首页](//finews.withounder.com/)")
        assert path.read_text(encoding="utf-8") == expected, path.name
    _, out = run_cli("fix", "_posts", cwd=sample)
    assert "Fixed 0 problem(s)" in out


def test_diff_prints_a_unified_diff_and_writes_nothing(sample: Path) -> None:
    before = snapshot(sample)
    code, out, errors = run_cli_with_errors(
        "fix", "--diff", "_posts", "--select", "FM005", cwd=sample
    )
    assert snapshot(sample) == before
    assert code == 1
    name = "_posts/2021-12-08-202112082206803113.md"
    assert out.startswith("--- a/_posts/") and f"--- a/{name}\n+++ b/{name}\n" in out
    assert "-date: 2021-12-08 11:03:50\n+date: 2021-12-08 11:03:50 +0800\n" in out
    assert out.count("\n+++ b/") == 94
    # standard output is the patch alone; the report is on standard error, as ruff's is
    assert "Would fix" not in out
    assert "Would fix 94 problem(s) in 94 of 102 file(s)." in errors


def test_the_diff_applied_gives_what_fix_writes(sample: Path, tmp_path: Path) -> None:
    """The diff of every post (from the workers, as bytes) is exact, emoji and all."""
    title = "_posts/2021-12-08-202112082206803113.md"
    text = (sample / title).read_text(encoding="utf-8")
    (sample / title).write_text(text.replace("title: ", "title: 📈 ", 1), encoding="utf-8")
    fixed = tmp_path / "fixed"
    shutil.copytree(sample, fixed)
    run_cli("fix", "--no-cache", "_posts", cwd=fixed)
    code, diff = run_cli("fix", "--diff", "--no-cache", "--jobs", "2", "_posts", cwd=sample)
    assert code == 1 and diff.count("\n+++ b/") > 64  # enough posts for the workers
    subprocess.run(["patch", "-s", "-p1"], input=diff.encode("utf-8"), cwd=sample, check=True)
    assert list(snapshot(sample).values()) == list(snapshot(fixed).values())
    assert "📈" in (sample / title).read_text(encoding="utf-8")


def test_the_diff_of_a_file_with_a_bom_applies_with_git(sample: Path, tmp_path: Path) -> None:
    """The BOM is part of the first line the diff shows as context: without it, `git apply`
    rejects the patch."""
    data = post([*front_matter(date=DATE), *body()], bom=True)
    path = write_post(sample, NAME, data)
    code, diff = run_cli("fix", "--diff", f"_posts/{NAME}", cwd=sample)
    assert code == 1 and path.read_bytes() == data
    subprocess.run(["git", "apply"], input=diff.encode("utf-8"), cwd=sample, check=True)
    fixed = path.read_bytes()
    assert fixed.startswith(b"\xef\xbb\xbf---\n") and f"{DATE} +0800".encode() in fixed
    path.write_bytes(data)
    run_cli("fix", f"_posts/{NAME}", cwd=sample)
    assert path.read_bytes() == fixed


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\r", "\x85"], ids=["LS", "PS", "CR", "NEL"])
def test_a_diff_keeps_lines_whole_where_python_would_cut_them(sample: Path, odd: str) -> None:
    """Scraped text carries U+2028, a lone CR and other characters `str.splitlines` cuts
    at; git cuts lines at `\n` only: the patch applies and gives what `fix` writes."""
    lines = [*front_matter(date=DATE), *body()]
    lines[2] = lines[2].replace("：", f"：{odd}", 1)  # the title, in the hunk's context
    data = post(lines, final_newline=False)
    assert odd.encode() in data
    path = write_post(sample, NAME, data)
    code, diff = run_cli("fix", "--diff", f"_posts/{NAME}", cwd=sample)
    assert code == 1 and path.read_bytes() == data
    subprocess.run(["git", "apply"], input=diff.encode("utf-8"), cwd=sample, check=True)
    patched = path.read_bytes()
    path.write_bytes(data)
    run_cli("fix", f"_posts/{NAME}", cwd=sample)
    assert patched == path.read_bytes() and f"{DATE} +0800".encode() in patched


def test_exit_codes(sample: Path) -> None:
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 0  # nothing to do, nothing wrong
    write_post(sample, NAME, post([*front_matter(date=DATE), *body()]))
    assert run_cli("fix", f"_posts/{NAME}", cwd=sample)[0] == 1  # changed
    assert run_cli("fix", f"_posts/{NAME}", cwd=sample)[0] == 0  # now clean
    write_post(sample, NAME, post([*front_matter(title=""), *body()]))
    assert run_cli("fix", f"_posts/{NAME}", cwd=sample)[0] == 1  # an error nothing can fix
    assert run_cli("fix", "no-such.md", cwd=sample)[0] == 1
    assert run_cli("fix", REFERENCE, "--select", "XX9", cwd=sample)[0] == 2


def test_read_only_file_is_reported_and_left_intact(sample: Path) -> None:
    data = post([*front_matter(date=DATE), *body()])
    path = write_post(sample, NAME, data)
    path.chmod(0o444)
    code, out = run_cli("fix", f"_posts/{NAME}", cwd=sample)
    assert path.read_bytes() == data
    assert f"_posts/{NAME}: not written: the file is read-only; the file is left as it was" in out
    assert f"_posts/{NAME}:4:7: FM005" in out  # still there, still reported
    assert code == 1


def test_file_changed_on_disk_during_the_run_is_not_overwritten(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_post(sample, NAME, post([*front_matter(date=DATE), *body()]))
    edited = post([*front_matter(date=DATE), *body(), "", "编辑刚刚加的一段话。"])
    real = fixfiles.run_passes

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        path.write_bytes(edited)  # someone saves the file while we fix it
        return result

    monkeypatch.setattr(fixfiles, "run_passes", meanwhile)
    code, out = run_cli("fix", f"_posts/{NAME}", cwd=sample)
    assert path.read_bytes() == edited
    assert "not written: the file changed on disk since it was read" in out
    assert code == 1


def test_a_buggy_plugin_fix_is_refused_and_the_other_fixes_still_land(sample: Path) -> None:
    (sample / "bad_rule.py").write_text(
        '"""Replaces a word of the article (a bug: it changes what readers see)."""\n'
        "from finews_lint.diagnostic import Fix, Problem\n"
        'CODE = "TST201"\nNAME = "rewrites-words"\nFIXABLE = "safe"\n'
        "def check(doc, options):\n"
        '    at = doc.text.find("增长", doc.body_start)\n'
        "    if at >= 0:\n"
        '        yield Problem(at, at + 2, "x", Fix.replace(at, at + 2, "下滑"))\n',
        encoding="utf-8",
    )
    (sample / ".finews-lint.toml").write_text('plugins = ["bad_rule.py"]\n', encoding="utf-8")
    bad = post([*front_matter(date=DATE), *body(["今年经济增长平稳。"])])
    good = post([*front_matter(date=DATE), *body(["今年经济运行平稳。"])])
    bad_path = write_post(sample, NAME, bad)
    good_path = write_post(sample, "2022-02-11-TEST0002.md", good)
    code, out = run_cli(
        "fix", str(bad_path.relative_to(sample)), str(good_path.relative_to(sample)), cwd=sample
    )
    dated = f"{DATE} +0800".encode()
    assert bad_path.read_bytes() == bad.replace(
        DATE.encode(), dated
    )  # 增长 stays, the date is fixed
    assert good_path.read_bytes() == good.replace(DATE.encode(), dated)
    assert f"_posts/{NAME}: TST201 fixes not applied: the visible text would change" in out
    # The file whose other fixes were kept was written, and the summary counts it.
    assert f"Fixed _posts/{NAME}: FM005 ×1\n" in out
    assert "Fixed 2 problem(s) in 2 of 2 file(s).\n" in out
    assert "fixable" not in out  # the refused fix is not offered again
    assert code == 1
    # Nothing left to change, only the refused warning-level fix: nothing changed, no error.
    code, out = run_cli("fix", str(bad_path.relative_to(sample)), cwd=sample)
    assert "fixes not applied: the visible text would change" in out
    assert "Fixed 0 problem(s) in 0 of 1 file(s); 1 file(s) left as they were." in out
    assert "[*]" not in out and "fixable" not in out
    assert code == 0
    # `check` still shows what the rule offers: only `fix` knows the fix is refused.
    checked = run_cli("check", "--no-cache", str(bad_path.relative_to(sample)), cwd=sample)[1]
    assert "[*] 1 fixable with `finews-lint fix`" in checked


def test_standard_input_is_fixed_to_standard_output(sample: Path) -> None:
    data = post([*front_matter(date=DATE), *body()], newline="\r\n")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from finews_lint.cli import main; main()",
            "fix",
            "-",
            "--stdin-filename",
            f"_posts/{NAME}",
        ],
        input=data,
        capture_output=True,
        cwd=sample,
        check=False,
    )
    assert result.stdout == data.replace(DATE.encode(), f"{DATE} +0800".encode())
    assert f"Fixed _posts/{NAME}: FM005 ×1" in result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert not (sample / "_posts" / NAME).exists()


def fixable(code: str) -> bool:
    from finews_lint.rule import default_registry

    rule = default_registry(plugins=False).get(code)
    return rule is not None and rule.fixable is not None


PLANTED = [
    # (rule whose fix repairs it, original text in the reference post, planted defect)
    ("FM005", "date: 2022-02-11 09:00:14 +0800\n", "date: 2022-02-11 09:00:14\n"),
    ("FM001", "---\nlayout: post\n", "\n\n---\nlayout: post\n"),
    ("HT001", "</p><p><strong>", "</p></div><p><strong>"),
    (
        "LNK002",
        "](//finews.withounder.com/category/dazhongribao.html)",
        "](../category/dazhongribao.html)",
    ),
]


@pytest.mark.parametrize(("code", "original", "planted"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_defect_in_the_reference_post_is_repaired_to_the_original(
    sample: Path, code: str, original: str, planted: str
) -> None:
    assert fixable(code)
    path = sample / REFERENCE
    path.chmod(0o644)
    clean = path.read_bytes()
    text = clean.decode("utf-8")
    assert original in text
    path.write_bytes(text.replace(original, planted, 1).encode("utf-8"))
    code_, out = run_cli("fix", REFERENCE, cwd=sample)
    assert path.read_bytes() == clean, out
    assert f"Fixed {REFERENCE}: {code} ×1" in out
    assert code_ == 1
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 0


def test_the_diff_of_files_named_in_any_order_comes_in_path_order(sample: Path) -> None:
    """Workers' diffs are written as they come when the files are in path order; named in
    another order, they are kept and written in path order all the same."""
    posts = sorted(p.relative_to(sample).as_posix() for p in (sample / "_posts").glob("*.md"))
    assert len(posts) > 64  # enough posts for the workers
    walked = run_cli("fix", "--diff", "--no-cache", "--jobs", "2", "_posts", cwd=sample)
    named = run_cli("fix", "--diff", "--no-cache", "--jobs", "2", *reversed(posts), cwd=sample)
    assert named == walked
    files = [
        line.removeprefix("+++ b/") for line in walked[1].splitlines() if line.startswith("+++ b/")
    ]
    assert len(files) > 64 and files == sorted(files)


def test_fix_passes_over_files_the_cache_shows_have_nothing_to_fix(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    run_cli("check", "_posts", cwd=sample)  # fills the cache, as the CI job does
    no_cache = run_cli("fix", "--diff", "--unsafe-fixes", "--no-cache", "_posts", cwd=sample)
    worked_on = _record_files_worked_on(monkeypatch)
    assert (
        run_cli("fix", "--diff", "--unsafe-fixes", "_posts", "--jobs", "1", cwd=sample) == no_cache
    )
    _, checked = run_json("_posts", cwd=sample)
    with_fixes = {d["path"] for d in checked["diagnostics"] if d["fixable"]}
    assert sorted(worked_on) == sorted(with_fixes)  # and not the other posts
    assert 0 < len(with_fixes) < len(list((sample / "_posts").iterdir()))
    worked_on.clear()
    run_cli("fix", "--diff", "_posts", "--jobs", "1", cwd=sample)
    assert NO_RETURNS in worked_on  # its date has a safe fix
    assert "_posts/2021-12-08-202112082206704122.md" not in worked_on  # an unsafe fix only


def _record_files_worked_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the files `fix` lints and fixes (not those the cache settles)."""
    worked_on: list[str] = []
    real_fix_target = fixfiles.Fixer.fix_target

    def recording(self: fixfiles.Fixer, target: object, raw: bytes | None = None) -> object:
        worked_on.append(target.display)  # type: ignore[attr-defined]
        return real_fix_target(self, target, raw)  # type: ignore[arg-type]

    monkeypatch.setattr(fixfiles.Fixer, "fix_target", recording)
    return worked_on


def test_a_second_fix_works_only_on_what_changed_since_the_first(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    run_cli("fix", "_posts", cwd=sample)  # writes the safe fixes; no `check` before it
    worked_on = _record_files_worked_on(monkeypatch)
    second = run_cli("fix", "_posts", "--jobs", "1", cwd=sample)
    assert worked_on == []  # neither the posts it wrote nor those whose findings it cannot fix
    assert second == run_cli("fix", "_posts", "--no-cache", cwd=sample)
    assert "Fixed 0 problem(s) in 0 of 102 file(s)." in second[1] and "SRC001" in second[1]
    replace_in(sample / REFERENCE, "+0800", "", 1)
    third = run_cli("fix", "_posts", "--jobs", "1", cwd=sample)
    assert worked_on == [REFERENCE] and f"Fixed {REFERENCE}: FM005 ×1" in third[1]
    checked = run_cli("check", "_posts", cwd=sample)  # from what the fixes kept in the cache
    assert checked == run_cli("check", "_posts", "--no-cache", cwd=sample)


# No offset (a safe fix) and no return links (an unsafe one).
NO_RETURNS = "_posts/2021-12-08-202112082206672930.md"


def test_the_fixable_count_promises_only_what_plain_fix_repairs(
    sample: Path, trust_fresh_stamps: None
) -> None:
    summary = "[*] 1 fixable with `finews-lint fix` (1 more with `finews-lint fix --unsafe-fixes`)."
    for run in ("first run", "from the cache"):
        code, out = run_cli("check", NO_RETURNS, cwd=sample)
        assert code == 1, run
        assert f"{NO_RETURNS}:4:7: FM005 [*] date" in out, run
        assert f"{NO_RETURNS}:11:66: LNK001 the post has no return links" in out, run
        assert summary in out, run

    code, out = run_cli("fix", NO_RETURNS, cwd=sample)
    assert "FM005" not in out.split("Remaining:")[1]
    assert out.rstrip().endswith("1 fixable with `finews-lint fix --unsafe-fixes`.")
    assert "[*]" not in out

    code, out = run_cli("fix", "--unsafe-fixes", NO_RETURNS, cwd=sample)
    assert "LNK001 ×1" in out
    assert "fixable" not in out  # SRC001 is left, and no fix can name an outlet
    assert (sample / NO_RETURNS).read_text(encoding="utf-8").count("[返回") == 2

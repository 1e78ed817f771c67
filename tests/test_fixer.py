"""The fix machinery: edits, overlap deferral, the pass limit, the safety net, byte preservation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from finews_lint.diagnostic import Diagnostic, Edit, Fix, Problem, Severity
from finews_lint.document import Document
from finews_lint.fixer import MAX_PASSES, apply_edits, choose, map_back, run_passes, safety_problem

from tests.fix_posts import DATE, body, fake_rule, front_matter, make_fixer, post, write_post
from tests.helpers import lint

NAME = "2022-02-11-TEST0001.md"


def diag(code: str, fix: Fix) -> Diagnostic:
    return Diagnostic("x.md", 1, 1, 1, 2, code, code.lower(), Severity.ERROR, "m", fix=fix)


# -- edits and choosing -----------------------------------------------------------------


def test_apply_edits_replaces_inserts_and_deletes_keeping_every_other_character() -> None:
    text = "a: 1\r\nb: 2\r\n"
    edits = [Edit(4, 4, " +0800"), Edit(0, 1, "z"), Edit(6, 12, "")]
    assert apply_edits(text, edits) == "z: 1 +0800\r\n"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_overlapping_fixes_wait_for_a_later_pass() -> None:
    first = diag("TST001", Fix.replace(0, 5, "x"))
    overlapping = diag("TST002", Fix.replace(3, 8, "y"))
    same_point = diag("TST003", Fix.replace(10, 10, "a"))
    also_same_point = diag("TST004", Fix.replace(10, 10, "b"))
    touching = diag("TST005", Fix.replace(5, 6, "c"))
    unsafe = diag("TST006", Fix.replace(20, 21, "u", safe=False))
    outside = diag("TST007", Fix.replace(90, 120, ""))
    found = [also_same_point, overlapping, first, same_point, touching, unsafe, outside]
    chosen = choose(found, 50, unsafe=False)
    assert [d.code for d in chosen] == ["TST001", "TST005", "TST003"]
    assert [d.code for d in choose(found, 50, unsafe=True)] == [
        "TST001",
        "TST005",
        "TST003",
        "TST006",
    ]


def test_map_back_follows_insertions_and_deletions() -> None:
    edits = [Edit(0, 2, ""), Edit(5, 5, "+++")]  # "\n\nabc|de" -> "abc+++de"
    assert map_back(0, edits) == 2
    assert map_back(3, edits) == 5  # inside the insertion: its end
    assert map_back(6, edits) == 5
    assert map_back(7, edits) == 6


# -- the pass loop, with a lint function of our own ------------------------------------------


def load(sample: Path, data: bytes) -> Document:
    write_post(sample, NAME, data)
    fixer = make_fixer(sample)
    (target,) = fixer.linter.discovery.targets([Path("_posts") / NAME])[0]
    doc = fixer.linter.load(target)
    assert isinstance(doc, Document)
    return doc


def text_lint(*rules):  # type: ignore[no-untyped-def]
    """A lint function from ``(code, finder)`` pairs: finder(text) -> Fix or None."""

    def run(doc: Document) -> list[Diagnostic]:
        found = []
        for code, finder in rules:
            fix = finder(doc.text)
            if fix is not None:
                found.append(diag(code, fix))
        return found

    return run


def test_deferred_fix_is_applied_in_the_next_pass(sample: Path) -> None:
    doc = load(sample, post([*front_matter(), "甲方"]))
    at = doc.text.index("甲方")

    def bold(text: str) -> Fix | None:
        return None if "<b>" in text else Fix.replace(at, at, "<b>")

    def rename(text: str) -> Fix | None:
        where = text.find("甲方")
        return None if where < 0 else Fix.replace(where, where + 1, "乙")

    run = run_passes(doc, text_lint(("TST001", bold), ("TST002", rename)))
    assert run.document.text.endswith("---\n<b>乙方")
    assert len(run.passes) == 2
    assert run.applied == {"TST001": 1, "TST002": 1}
    assert run.settled


def test_a_fix_that_never_settles_stops_at_the_pass_limit(sample: Path) -> None:
    doc = load(sample, post([*front_matter(), "正文"]))
    run = run_passes(doc, text_lint(("TST001", lambda t: Fix.replace(len(t), len(t), "。"))))
    assert not run.settled
    assert len(run.passes) == MAX_PASSES
    assert "did not settle" in (safety_problem(run) or "")


def test_two_fixes_that_undo_each_other_are_caught(sample: Path) -> None:
    doc = load(sample, post([*front_matter(), "甲"]))

    def swap(text: str) -> Fix | None:
        at = len(text) - 1
        return Fix.replace(at, at + 1, "乙" if text[at] == "甲" else "甲")

    run = run_passes(doc, text_lint(("TST001", swap)))
    assert not run.settled and run.looped
    assert len(run.passes) == 1  # the second pass would bring back the original: stopped there
    assert "two fixes undo each other" in (safety_problem(run) or "")


def test_fixes_that_keep_making_progress_may_take_more_passes(sample: Path) -> None:
    """Thirteen nested unclosed tags close one a pass: past the limit while findings drop."""
    tags = ["b", "i", "u", "s", "em", "strong", "span", "small", "q", "sub", "sup", "mark", "abbr"]
    opened = "".join(f"<{tag}>" for tag in tags)
    doc = load(sample, post([*front_matter(), f"<p>{opened}深层嵌套</p>"]))
    lint = make_fixer(sample).linter.lint_document
    run = run_passes(doc, lint)
    assert run.settled and len(run.passes) > MAX_PASSES
    closed = "".join(f"</{tag}>" for tag in reversed(tags))
    assert f"<p>{opened}深层嵌套{closed}</p>" in run.document.text
    assert [d.code for d in run.remaining if d.code == "HT001"] == []


# -- the safety net, with deliberately bad rules registered for the test ----------------------


def break_title(doc, options):  # type: ignore[no-untyped-def]
    fm = doc.front_matter
    if fm is not None and fm.ok and "title" in fm.data:
        span = fm.value_span("title")
        # an unclosed quote with a backslash in it: no fix of FM002 repairs that
        yield Problem(span.start, span.end, "bad", Fix.replace(span.start, span.end, '"未\\闭合'))


def replace_word(old: str, new: str, *, declared: bool = False):  # type: ignore[no-untyped-def]
    def check(doc, options):  # type: ignore[no-untyped-def]
        at = doc.text.find(old, doc.body_start)
        if at >= 0 and new not in doc.text:
            fix = Fix.replace(at, at + len(old), new, changes_visible_text=declared)
            yield Problem(at, at + len(old), "word", fix)

    return check


def fix_one(sample: Path, data: bytes, *rules, **options):  # type: ignore[no-untyped-def]
    path = write_post(sample, NAME, data)
    fixer = make_fixer(sample, *rules, **options)
    report = fixer.fix([Path("_posts") / NAME], jobs=1)
    return path, report.outcomes[0]


def test_a_fix_that_breaks_the_yaml_is_refused_and_the_file_kept(sample: Path) -> None:
    data = post([*front_matter(), *body()])
    path, outcome = fix_one(sample, data, fake_rule("TST101", break_title, target="front-matter"))
    assert path.read_bytes() == data
    assert not outcome.written
    assert "front matter would no longer parse" in (outcome.problem or "")
    assert {d.code for d in outcome.remaining} == {"TST101"}
    assert not any(d.fixable for d in outcome.remaining)  # the report offers it no more


def test_the_other_fixes_land_when_one_rule_s_fix_is_refused(sample: Path) -> None:
    data = post([*front_matter(date=DATE), *body()])
    path, outcome = fix_one(sample, data, fake_rule("TST101", break_title, target="front-matter"))
    assert path.read_bytes() == data.replace(DATE.encode(), f"{DATE} +0800".encode())
    assert outcome.written and dict(outcome.applied) == {"FM005": 1}
    assert outcome.problem is None  # the file was fixed: the refusal is a note on it
    assert (outcome.note or "").startswith(
        "TST101 fixes not applied: the front matter would no longer parse"
    )
    assert {d.code for d in outcome.remaining} == {"TST101"}
    assert not any(d.fixable for d in outcome.remaining)


def test_a_fix_that_changes_visible_text_is_refused(sample: Path) -> None:
    data = post([*front_matter(), *body()])
    path, outcome = fix_one(
        sample, data, fake_rule("TST102", replace_word("保持合理充裕", "十分紧张"))
    )
    assert path.read_bytes() == data
    assert "visible text would change" in (outcome.problem or "")


def test_a_fix_that_declares_its_visible_insertion_is_kept(sample: Path) -> None:
    data = post([*front_matter(), *body()])
    insert = replace_word("</p><p class", "（记者 示例）</p><p class", declared=True)
    path, outcome = fix_one(sample, data, fake_rule("TST103", insert))
    assert outcome.problem is None
    assert "（记者 示例）</p><p class" in path.read_text(encoding="utf-8")


def test_a_declared_fix_may_remove_markup_shown_as_text_but_not_words(sample: Path) -> None:
    """`< p>` on the page is broken markup: a fix repairing it may take it out of view. A
    declared fix removing a word is still refused."""
    data = post([*front_matter(), *body()])
    spaced = data.replace(b"</p><p class", b"</p>< p>\xe6\xb3\xa8</p><p class", 1)
    path, outcome = fix_one(
        sample, spaced, fake_rule("TST105", replace_word("< p>", "<p>", declared=True))
    )
    assert outcome.problem is None
    assert path.read_bytes() == spaced.replace(b"< p>", b"<p>")
    path, outcome = fix_one(
        sample, data, fake_rule("TST106", replace_word("保持合理充裕", "充裕了", declared=True))
    )
    assert path.read_bytes() == data
    assert "a fix would remove visible text" in (outcome.problem or "")


def test_a_declared_fix_may_not_change_more_than_its_own_text(sample: Path) -> None:
    data = post([*front_matter(), *body()])

    def sneaky(doc, options):  # type: ignore[no-untyped-def]
        at = doc.text.find("保持", doc.body_start)
        if (
            "（来源：示例）" not in doc.text
        ):  # declares an inserted attribution, also rewrites a word
            edits = (Edit(at, at, "（来源：示例）"), Edit(at + 2, at + 4, "不再"))
            yield Problem(at, at + 2, "x", Fix(edits, changes_visible_text=True))

    path, outcome = fix_one(sample, data, fake_rule("TST104", sneaky))
    assert path.read_bytes() == data
    assert "visible text" in (outcome.problem or "")


def test_a_fix_that_makes_a_clean_rule_fire_is_refused(sample: Path) -> None:
    data = post([*front_matter(), *body()])

    def spaced_category(doc, options):  # type: ignore[no-untyped-def]
        span = doc.front_matter.value_span("categories")
        if doc.text[span.start : span.end] == "dazhongribao":
            yield Problem(
                span.start, span.end, "x", Fix.replace(span.start, span.end, "dazhong ribao")
            )

    path, outcome = fix_one(
        sample, data, fake_rule("TST105", spaced_category, target="front-matter")
    )
    assert path.read_bytes() == data
    assert "newly fail FM008" in (outcome.problem or "")


# -- bytes the fixes do not mean to change stay as they were -------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("final_newline", [False, True])
def test_only_the_offset_is_inserted(
    sample: Path, newline: str, bom: bool, final_newline: bool
) -> None:
    lines = [
        "---",
        "tags: 大众日报新闻",
        "title: '单引号：标题'",
        "layout:   post",
        f"date: {DATE}   ",
        "",
        "categories: dazhongribao  # 注释",
        "---",
        *body(),
    ]
    data = post(lines, newline=newline, bom=bom, final_newline=final_newline)
    path, outcome = fix_one(sample, data, select=["FM"])
    assert outcome.problem is None and outcome.applied == {"FM005": 1}
    expected = data.replace(DATE.encode(), f"{DATE} +0800".encode())
    assert path.read_bytes() == expected
    assert lint(sample, f"_posts/{NAME}", select=["FM"]) == []


def test_quoted_date_gets_the_offset_inside_the_quotes(sample: Path) -> None:
    data = post([*front_matter(date=f'"{DATE}"'), *body()])
    path, _ = fix_one(sample, data, select=["FM"])
    assert path.read_bytes() == data.replace(f'"{DATE}"'.encode(), f'"{DATE} +0800"'.encode())


def test_blank_lines_before_front_matter_then_the_offset(sample: Path) -> None:
    data = post(["", "", *front_matter(date=DATE), *body()], newline="\r\n")
    path, outcome = fix_one(sample, data)
    assert outcome.applied == {"FM001": 1, "FM005": 1}
    assert path.read_bytes() == data[4:].replace(DATE.encode(), f"{DATE} +0800".encode())
    assert lint(sample, f"_posts/{NAME}") == []


def test_unescaped_quotes_in_title_are_escaped(sample: Path) -> None:
    data = post([*front_matter(title='央行："稳健"的货币政策', date=DATE), *body()])
    path, outcome = fix_one(sample, data)
    assert outcome.applied == {"FM002": 1, "FM005": 1}
    fixed = path.read_text(encoding="utf-8")
    assert 'title: "央行：\\"稳健\\"的货币政策"\n' in fixed
    assert lint(sample, f"_posts/{NAME}") == []
    import frontmatter

    assert frontmatter.loads(fixed)["title"] == '央行："稳健"的货币政策'


def test_spaced_category_is_joined_only_with_unsafe_fixes(sample: Path) -> None:
    data = post([*front_matter(category="caijing kuaixun"), *body()])
    path, outcome = fix_one(sample, data, select=["FM"])
    assert path.read_bytes() == data and not outcome.changed
    assert [d.code for d in outcome.remaining] == ["FM008"]
    path, outcome = fix_one(sample, data, select=["FM"], unsafe=True)
    assert path.read_bytes() == data.replace(b"caijing kuaixun", b"caijing-kuaixun")
    assert outcome.applied == {"FM008": 1}


def test_a_word_added_to_a_category_with_a_page_makes_the_list_jekyll_reads(
    sample: Path,
) -> None:
    """`dazhongribao extra`: joined, the post would leave the page its return link names
    (LNK003), and the fixer used to refuse the join and still call it fixable. As a list
    the URL, the categories and the return link stay as Jekyll has them."""
    data = post([*front_matter(category="dazhongribao extra"), *body()])
    write_post(sample, NAME, data)
    found = lint(sample, f"_posts/{NAME}")
    assert [(d.code, d.line, d.column) for d in found] == [("FM008", 5, 13)]
    assert found[0].message.endswith(
        "write one slug or a YAML list (the site has a page for 'dazhongribao', none for the"
        " words joined)"
    )
    path, outcome = fix_one(sample, data, unsafe=True)
    assert outcome.problem is None and outcome.applied == {"FM008": 1}
    assert path.read_bytes() == data.replace(
        b"categories: dazhongribao extra", b"categories: [dazhongribao, extra]"
    )
    assert lint(sample, f"_posts/{NAME}") == []


@pytest.mark.parametrize("added", ["2022", "yes"])
def test_words_yaml_would_not_read_as_text_are_joined_not_listed(sample: Path, added: str) -> None:
    data = post([*front_matter(category=f"dazhongribao {added}"), *body()])
    path, _ = fix_one(sample, data, select=["FM"], unsafe=True)
    assert path.read_bytes() == data.replace(
        f"dazhongribao {added}".encode(), f"dazhongribao-{added}".encode()
    )


def test_spaced_category_is_joined_into_the_category_the_site_has_a_page_for(sample: Path) -> None:
    data = post([*front_matter(category="dazhong ribao"), *body()])
    write_post(sample, NAME, data)
    found = lint(sample, f"_posts/{NAME}", select=["FM008"])
    assert [(d.code, d.line, d.column) for d in found] == [("FM008", 5, 13)]
    assert "the site has a page for 'dazhongribao'" in found[0].message
    path, outcome = fix_one(sample, data, select=["FM"], unsafe=True)
    assert path.read_bytes() == data.replace(b"dazhong ribao", b"dazhongribao")
    assert outcome.applied == {"FM008": 1}


def test_fix_keeps_the_file_mode(sample: Path) -> None:
    path = write_post(sample, NAME, post([*front_matter(date=DATE), *body()]))
    path.chmod(0o640)
    fixer = make_fixer(sample)
    outcome = fixer.fix([Path("_posts") / NAME], jobs=1).outcomes[0]
    assert outcome.written
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_offset_follows_daylight_saving_time_of_the_site_timezone(sample: Path) -> None:
    config = sample / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Asia/Shanghai", "America/New_York"),
        encoding="utf-8",
    )
    winter = write_post(
        sample, "2022-01-15-TEST0001.md", post([*front_matter(date="2022-01-15 10:00:00"), *body()])
    )
    summer = write_post(
        sample, "2022-07-15-TEST0002.md", post([*front_matter(date="2022-07-15 10:00:00"), *body()])
    )
    make_fixer(sample, select=["FM005"]).fix([winter, summer], jobs=1)
    assert "date: 2022-01-15 10:00:00 -0500\n" in winter.read_text(encoding="utf-8")
    assert "date: 2022-07-15 10:00:00 -0400\n" in summer.read_text(encoding="utf-8")


def test_offset_is_written_in_the_style_the_site_uses(sample: Path) -> None:
    for existing in (sample / "_posts").iterdir():
        text = existing.read_text(encoding="utf-8")
        existing.write_text(
            re.sub(r"^(date: .*) \+0800$", r"\1 +08:00", text, flags=re.MULTILINE), encoding="utf-8"
        )
    path = write_post(sample, NAME, post([*front_matter(date=DATE), *body()]))
    make_fixer(sample, select=["FM005"]).fix([path], jobs=1)
    assert f"date: {DATE} +08:00\n" in path.read_text(encoding="utf-8")


def test_inserted_lines_take_the_line_endings_of_a_crlf_file(sample: Path) -> None:
    data = post([*front_matter(), *body()], newline="\r\n")

    def note(doc, options):  # type: ignore[no-untyped-def]
        if "<!-- 注 -->" not in doc.text:
            at = doc.body_start
            yield Problem(at, at, "x", Fix.replace(at, at, "<!-- 注 -->\n"))

    path, outcome = fix_one(sample, data, fake_rule("TST106", note))
    assert outcome.problem is None
    assert path.read_bytes() == data.replace(b"---\r\n<p>", "---\r\n<!-- 注 -->\r\n<p>".encode())


def test_a_crash_inside_the_fixer_leaves_the_file_and_goes_on(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finews_lint import fixfiles

    def crash(run):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(fixfiles, "safety_problem", crash)
    data = post([*front_matter(date=DATE), *body()])
    path, outcome = fix_one(sample, data)
    assert path.read_bytes() == data
    assert outcome.problem is not None and "internal error RuntimeError: boom" in outcome.problem
    assert [d.code for d in outcome.remaining] == ["FM005"]

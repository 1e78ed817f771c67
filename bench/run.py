"""Benchmark finews-lint against HTMLHint, html-validate and markdownlint-cli2 on one site.

Builds (or reuses) a site of N posts from the real sample (bench/make_site.py), installs
the peers from the npm registry into a scratch folder, then times each tool on the same
files, alternating tools round by round, and prints a Markdown table: median wall time,
files per second, peak memory of the whole process tree (proportional set size, so pages
forked workers share with their parent count once; sampled in a run of its own, which is
not timed), and the ratio to HTMLHint.

    python bench/run.py [--posts 20000] [--rounds 3] [--scale]

`--scale` also times a cold check of a site twice as large, alternating with the
N-post site so that both see the same machine, after one run over the larger site that
is not timed (it reads the files into the page cache, as earlier rows do for the N
posts). Runs take minutes: html-validate alone needs about 30 ms a file, so it runs one
round only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_site import build  # noqa: E402

#: Seconds between memory samples. Reading /proc for the process tree takes a few
#: milliseconds of a core; sampling much more often would slow the tool being measured.
SAMPLE_EVERY = 0.1
PEERS = {"htmlhint": "1.9.2", "html-validate": "9", "markdownlint-cli2": "0.24"}


@dataclass
class Timing:
    name: str
    files: int
    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks) / 1024


def _memory_kb(pid: int, fallback_pages: int) -> int:
    """Proportional set size of ``pid`` in KiB: shared pages split between the processes
    sharing them, so forked workers are not counted as copies of their parent (RSS would)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return fallback_pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_memory_kb(root: int) -> int:
    """Memory of ``root`` and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss_pages: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            pid, ppid = int(entry), int(fields[1])
            rss_pages[pid] = int(fields[21])
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in rss_pages:
            total += _memory_kb(pid, rss_pages[pid])
        stack.extend(children.get(pid, []))
    return total


def measure(command: list[str], cwd: Path, sample: bool = True) -> tuple[float, int]:
    """Wall seconds and peak memory of the process tree (KiB, PSS) of one run; output is discarded.

    Without ``sample`` the memory is the peak resident size of the main process alone (from
    the kernel when it ends): the sampler's scans of /proc take a few milliseconds of a
    core each, which a 0.2 s run on two cores would feel in its wall time, and a run that
    short ends before the first sample would see it grown. A short run's only other
    processes are small forks of its start.
    """
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if not sample:
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0  # reaped here: Popen must not wait for it again
        return time.perf_counter() - started, usage.ru_maxrss
    done = threading.Event()

    def sample_memory() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_memory_kb(process.pid))
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    process.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return wall, peak


def install_peers(folder: Path) -> Path:
    bin_dir = folder / "node_modules" / ".bin"
    if all((bin_dir / name).exists() for name in PEERS):
        return bin_dir
    folder.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in PEERS.items()]
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), *specs], check=True
    )
    return bin_dir


FIRST = "finews-lint check (first run with the cache)"
WARM = "finews-lint check (warm cache)"
UNCHANGED = "finews-lint check (one file, unchanged)"
EDITED = "finews-lint check (one file, just edited)"
SAVED = "finews-lint check (one file, saved 2.5 s before)"


def _set_up(command: list[str] | None, site: Path) -> None:
    if command is not None:
        subprocess.run(command, cwd=site, stdout=subprocess.DEVNULL, check=False)


def time_edited_file(
    tool: str, site: Path, relpath: Path, rounds: int, settle: float = 0.0, name: str = EDITED
) -> Timing:
    """A one-file check after the file was saved with a change, as pre-commit runs it (timed
    after the other rounds: the edit would spoil their "nothing changed"). ``settle``: the
    seconds between the save and the check. Saved more than 2 s before (as a commit usually
    comes), the file is old enough for the run to write down its inputs for a replay, which
    a check right after the save leaves out."""
    timing = Timing(name, 1)
    path = site / relpath
    original = path.read_bytes()
    try:
        for round_number in range(rounds):
            path.write_bytes(original + b"\n" * (round_number + 1))
            time.sleep(settle)
            wall, peak = measure([tool, "check", str(relpath)], site, sample=False)
            timing.walls.append(wall)
            timing.peaks.append(peak)
            print(f"{name} round {round_number + 1}: {wall:.2f} s", file=sys.stderr)
    finally:
        path.write_bytes(original)
    return timing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument(
        "--scale", action="store_true", help="also time a cold check of 2x the posts"
    )
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--html-validate-rounds", type=int, default=1)
    args = parser.parse_args()

    site = args.out / f"site-{args.posts}"
    if not (site / "_posts").is_dir() or len(os.listdir(site / "_posts")) != args.posts:
        build(site, args.posts, seed=7)
    tool = str(Path(sys.executable).with_name("finews-lint"))
    if not Path(tool).exists():
        tool = shutil.which("finews-lint") or "finews-lint"
    one_file = sorted((site / "_posts").iterdir())[
        len(os.listdir(site / "_posts")) // 2
    ].relative_to(site)
    commands: dict[str, tuple[list[str], int]] = {
        "finews-lint check (cold, --no-cache)": (
            [tool, "check", "--no-cache", "_posts"],
            args.rounds,
        ),
        "finews-lint check --format json (cold)": (
            [tool, "check", "--no-cache", "--format", "json", "_posts"],
            args.rounds,
        ),
        WARM: ([tool, "check", "_posts"], args.rounds),
        "finews-lint fix --diff": ([tool, "fix", "--diff", "--no-cache", "_posts"], args.rounds),
        UNCHANGED: ([tool, "check", str(one_file)], args.rounds),
        FIRST: ([tool, "check", "_posts"], args.rounds),
    }
    # Run, untimed, before each timed or sampled run of a row. The first run with the cache
    # starts from none (a fresh clone in CI), last in its round: the runs timed "warm" and
    # "unchanged" come after a run that stored their report (the one right after a first
    # run stores it: the first could not, as making the cache folder changed the site's).
    setups = {
        WARM: [tool, "check", "_posts"],
        UNCHANGED: [tool, "check", str(one_file)],
        FIRST: [tool, "clean"],
    }
    if not args.no_peers:
        bin_dir = install_peers(args.out / "peers")
        commands["HTMLHint (default rules)"] = (
            [str(bin_dir / "htmlhint"), "_posts/*.md"],
            args.rounds,
        )
        if args.html_validate_rounds > 0:  # 0: leave out the slowest peer (about 30 ms a file)
            commands["html-validate (recommended)"] = (
                [str(bin_dir / "html-validate"), "--ext", "md", "_posts"],
                args.html_validate_rounds,
            )
        commands["markdownlint-cli2"] = (
            [str(bin_dir / "markdownlint-cli2"), "_posts/*.md"],
            args.rounds,
        )
    # Prime the cache with the two commands timed warm. Files younger than the cache's racy
    # window (2 s) are not trusted by their stamps, so a site built a moment ago waits first.
    time.sleep(2.1)
    for warm in (["_posts"], [str(one_file)]):
        subprocess.run([tool, "check", *warm], cwd=site, stdout=subprocess.DEVNULL, check=False)
    timings = {name: Timing(name, 1 if "one file" in name else args.posts) for name in commands}
    short = {name for name in commands if "one file" in name or "warm" in name}
    # Timed rounds run without the memory sampler: each of its scans of /proc takes ~10-20
    # ms of a core (more for larger processes: 20 ms at 40,000 posts), which the tool being
    # timed would lose. Memory comes from a run of its own (below); a tool timed only once
    # (html-validate, ~4 minutes) is sampled during that run.
    sampled_once = {
        name for name, (_, rounds) in commands.items() if rounds == 1 and name not in short
    }
    for round_number in range(max(rounds for _, rounds in commands.values())):
        for name, (command, rounds) in commands.items():
            if round_number < rounds:
                _set_up(setups.get(name), site)
                wall, peak = measure(command, site, sample=name in sampled_once)
                timings[name].walls.append(wall)
                if name in short or name in sampled_once:
                    timings[name].peaks.append(peak)
                print(f"round {round_number + 1}: {name}: {wall:.2f} s", file=sys.stderr)
    for name, (command, _) in commands.items():
        if name not in short and name not in sampled_once:
            _set_up(setups.get(name), site)
            _, peak = measure(command, site)
            timings[name].peaks.append(peak)
            print(f"memory run: {name}: {peak / 1024:.0f} MB", file=sys.stderr)
    timings[EDITED] = time_edited_file(tool, site, one_file, args.rounds)
    timings[SAVED] = time_edited_file(tool, site, one_file, args.rounds, settle=2.5, name=SAVED)
    if args.scale:
        big = args.out / f"site-{args.posts * 2}"
        if not (big / "_posts").is_dir() or len(os.listdir(big / "_posts")) != args.posts * 2:
            build(big, args.posts * 2, seed=7)
        scaled = Timing(f"finews-lint check (cold, {args.posts * 2} posts)", args.posts * 2)
        paired = Timing(
            f"finews-lint check (cold, {args.posts} posts, paired with the above)", args.posts
        )
        cold = [tool, "check", "--no-cache", "_posts"]
        # Not timed: the first read of the larger site's 40,000 files (built or untouched
        # since an earlier run) comes from disk, 1.5-2 s more than its later rounds, while
        # every other row meets files the page cache already holds.
        measure(cold, big, sample=False)
        for round_number in range(args.rounds):  # alternate, so a drift in machine speed hits both
            for timing, folder in ((paired, site), (scaled, big)):
                wall, _ = measure(cold, folder, sample=False)
                timing.walls.append(wall)
                print(
                    f"scale round {round_number + 1}: {timing.name}: {wall:.2f} s", file=sys.stderr
                )
        for timing, folder in ((paired, site), (scaled, big)):
            timing.peaks.append(measure(cold, folder)[1])
        timings[paired.name] = paired
        timings[scaled.name] = scaled
    reference = timings.get("HTMLHint (default rules)")
    print(f"\n{args.posts} posts, {os.cpu_count()} cores, median of {args.rounds} round(s)\n")
    print("| tool | wall (s) | files/s | peak memory (MB) | wall / HTMLHint |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for timing in timings.values():
        ratio = f"{timing.wall / reference.wall:.2f}" if reference else "-"
        rate = f"{timing.files / timing.wall:,.0f}"
        print(f"| {timing.name} | {timing.wall:.2f} | {rate} | {timing.peak_mb:.0f} | {ratio} |")
    if args.scale:
        print(
            f"\n{args.posts * 2} posts take {scaled.wall / paired.wall:.2f}x "
            f"the time of {args.posts} (paired runs)"
        )


if __name__ == "__main__":
    main()

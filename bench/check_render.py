"""Benchmark: check plus render of one example, start-up included.

Every figure is the wall time of fresh processes, the way a CI job or a person at a
terminal runs Waarborg. Four ways are measured in the same run, on the same file:

- ``waarborg check``: one process, start-up plus the check (the budget: 10 times
  ``python -c pass`` on the same machine), as the first check of the file (its answer
  not in ``waarborg.checkcache``; the parsed wording files in Waarborg's cache folder,
  as after any earlier command); the same with an empty cache folder (a new machine);
  and the check again, answered from its cache;
- ``waarborg build --formats html``: one process that checks the declaration and
  renders the statement and cookie declaration in each language plus the register;
- ``waarborg check`` followed by ``waarborg render``: two processes, start-up paid twice;
  ``render`` checks the declaration too (it refuses one with errors), and the seed
  examples have errors, so it is run with ``--draft`` (as is ``build``);
- ``python -c pass``: the bare interpreter, the floor under every command.

With ``--baseline SRC`` (the ``src`` folder of another version, e.g. from ``git archive``)
``check`` and ``check + render`` of that version are measured in the same run too, with
the ratio of this version to it.

Exit codes are checked: every command is run once before timing and must end as
expected (``check`` and ``build`` with 1, since the seed examples have errors: ``check``'s
``--format json`` twin must show the file loaded with its errors, and ``build`` must have
written its draft files; ``render --draft`` with 0 and its file written). A timed run
that ends otherwise stops the benchmark with the command's own message; nothing that
failed is timed. Bytecode is written (the
subprocesses run without ``PYTHONDONTWRITEBYTECODE``), as an installed Waarborg has it.

The references are the budget of 0.5 s for check plus render and 10x ``python -c pass``
for ``check``; each line prints its ratio to them. The CPU time (user plus system) of
the same runs is printed too, with its ratio to ``python -c pass``'s: on a machine
shared with other work it moves less than the wall time.

    python bench/check_render.py [--rounds 30] [--example examples/iemagoo/privacy.yaml]
        [--baseline /tmp/before/src]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from machine import describe

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.5
#: ``waarborg check`` within this many times ``python -c pass``
STARTUP_FACTOR = 10


class Failed(SystemExit):
    """A command ended with another exit code than the one it must end with."""


def _env(src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _run(
    command: Sequence[str], expected: int, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    if done.returncode != expected:
        message = (done.stderr or done.stdout).decode(errors="replace").strip()[-2000:]
        raise Failed(
            f"{' '.join(command)} ended with {done.returncode}, not {expected}:\n{message}"
        )
    return done


def _wall(
    commands: Sequence[tuple[Sequence[str], int]], env: dict[str, str]
) -> tuple[float, float]:
    """Wall time and CPU time (user plus system, of the processes) of running
    ``commands`` one after another, each checked for its exit code (the check itself is
    outside the time only by the comparison of two ints)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command, expected in commands:
        _run(command, expected, env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _verify(example: str, tmp: str, env: dict[str, str]) -> None:
    """One run of each command, checked for more than its exit code."""
    exe = [sys.executable, "-m", "waarborg"]
    report = json.loads(_run([*exe, "check", "--format", "json", example], 1, env).stdout)
    if not report.get("loaded") or not report.get("counts", {}).get("error"):
        raise Failed(f"check {example}: not loaded, or no errors where the example has some")
    target = Path(tmp, "verify.html")
    _run([*exe, "render", example, "--lang", "nl", "--draft", "-o", str(target)], 0, env)
    if target.stat().st_size < 1000:
        raise Failed(f"render {example}: {target} is nearly empty")
    folder = Path(tmp, "verify-build")
    _run([*exe, "build", example, "-o", str(folder), "--formats", "html", "--draft"], 1, env)
    if not any(folder.rglob("*.html")):
        raise Failed(f"build {example}: no HTML written in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description="check plus render, start-up included")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--example", default=str(ROOT / "examples/iemagoo/privacy.yaml"))
    parser.add_argument("--baseline", type=Path, help="src folder of a version to compare with")
    args = parser.parse_args()

    exe = [sys.executable, "-m", "waarborg"]
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        here = {**_env(None), "WAARBORG_CACHE_DIR": cache}
        # the first check of a file: its answer is not in the cache (nor kept)
        first = {**here, "WAARBORG_CHECK_CACHE": "0"}
        envs = {"": first}
        if args.baseline is not None:
            # the baseline's first check too, where that version keeps answers
            envs[" (baseline)"] = {
                **_env(args.baseline.resolve()),
                "WAARBORG_CACHE_DIR": cache,
                "WAARBORG_CHECK_CACHE": "0",
            }
        for env in envs.values():
            _verify(args.example, tmp, env)
        render = [*exe, "render", args.example, "--lang", "nl", "--draft"]
        render += ["-o", os.path.join(tmp, "s.html")]
        check = [*exe, "check", args.example]
        cases: dict[str, tuple[list[tuple[list[str], int]], dict[str, str]]] = {}
        for suffix, env in envs.items():
            cases[f"check{suffix}"] = ([(check, 1)], env)
            cases[f"check + render (2 processes){suffix}"] = ([(check, 1), (render, 0)], env)
        # the same first check with an empty cache folder (a new machine or user): the
        # wording files are parsed from YAML, the templates compiled
        cases["check, empty cache folder"] = ([(check, 1)], first)
        cases["check again, answered from its cache"] = ([(check, 1)], here)
        cases["build --formats html (1 process)"] = (
            [([*exe, "build", args.example, "-o", tmp, "--formats", "html", "--draft"], 1)],
            first,
        )
        cases["python -c pass"] = ([([sys.executable, "-c", "pass"], 0)], here)
        for commands, env in cases.values():  # warm the file cache and the Waarborg caches
            _wall(commands, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        for round_ in range(args.rounds):  # interleaved, so load on the machine hits all alike
            for name, (commands, env) in cases.items():
                if name == "check, empty cache folder":
                    env = {**env, "WAARBORG_CACHE_DIR": os.path.join(tmp, f"empty-{round_}")}
                wall, cpu = _wall(commands, env)
                times[name].append(wall)
                cpus[name].append(cpu)

    print(describe())
    print(
        f"example: {os.path.relpath(args.example, ROOT)}; rounds: {args.rounds}; "
        f"every exit code checked" + (f"; baseline: {args.baseline}" if args.baseline else "")
    )
    floor = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        line = (
            f"{name:45} median {median * 1000:5.0f} ms  "
            f"(min {min(values) * 1000:5.0f}, max {max(values) * 1000:5.0f})  "
            f"{median / floor:5.1f}x python -c pass"
        )
        if name.startswith("check + render") or name.startswith("build"):
            verdict = "within" if median <= BUDGET else "over"
            line += f"; ratio to the 0.5 s budget {median / BUDGET:.2f} ({verdict})"
        elif name.startswith("check"):
            verdict = "within" if median <= STARTUP_FACTOR * floor else "over"
            line += f" (budget {STARTUP_FACTOR}x: {verdict})"
        print(line)
    # CPU time is moved less than wall time by other work on a shared machine
    floor_cpu = statistics.median(cpus["python -c pass"])
    print("CPU time (user + system) of the same runs:")
    for name, values in cpus.items():
        median = statistics.median(values)
        print(
            f"  {name:43} median {median * 1000:5.0f} ms  {median / floor_cpu:5.1f}x python -c pass"
        )
    for suffix in envs:
        if suffix:
            for name in ("check", "check + render (2 processes)"):
                ratio = statistics.median(times[name]) / statistics.median(times[name + suffix])
                cpu_ratio = statistics.median(cpus[name]) / statistics.median(cpus[name + suffix])
                print(f"{name}: this version / baseline {ratio:.2f} (wall), {cpu_ratio:.2f} (CPU)")


if __name__ == "__main__":
    main()

"""A scan is never lost: a file that cannot be read or parsed is reported as not
scanned and the others are scanned; files are streamed in overlapping windows, so no
value is cut and memory stays flat; files are scanned in several processes with the
same result; a scan shows progress, stops cleanly on Ctrl-C and resumes."""

from __future__ import annotations

import codecs
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from waarborg.cli import main
from waarborg.errors import ScanInterrupted, UsageError
from waarborg.scan.engine import CHUNK, Scanner
from waarborg.scan.folder import scan_files
from waarborg.scan.sources.files import files, scan_file, scan_path
from waarborg.scan.sources.jsonstream import values
from waarborg.scan.state import State

NOTES = "Klant Jan Jansen belde, BSN 123456782, mail jan@example.nl.\n"
SRC = Path(__file__).resolve().parent.parent / "src"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _good(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a-notes.txt").write_text(NOTES, "utf-8")
    (folder / "b-klanten.csv").write_text("naam,bsn\nJan Jansen,123456782\n", "utf-8")


def _deep(depth: int) -> str:
    return '{"klant":' * depth + '{"email": "jan@example.nl"}' + "}" * depth


# Deep and broken input ------------------------------------------------------------------


def test_a_json_file_nested_10000_deep_in_a_folder_of_good_files_is_scanned(
    tmp_path: Path,
) -> None:
    _good(tmp_path)
    (tmp_path / "c-deep.json").write_text(_deep(10_000), "utf-8")
    (tmp_path / "d-deep-list.json").write_text("[" * 10_000 + '"jan@example.nl"' + "]" * 10_000)
    limit = sys.getrecursionlimit()
    result = invoke("scan", "--format", "json", "--jobs", "1", str(tmp_path))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.output)
    assert report["not_scanned"] == []
    found = {(Path(f["place"]["source"]).name, f["kind"]) for f in report["findings"]}
    assert {("c-deep.json", "email"), ("d-deep-list.json", "email")} <= found
    assert {("a-notes.txt", "bsn"), ("b-klanten.csv", "bsn")} <= found
    deep = next(f for f in report["findings"] if f["place"]["source"].endswith("c-deep.json"))
    assert deep["place"]["column"].endswith("klant.klant.email")  # the path, kept short
    assert len(deep["place"]["column"]) <= 200
    assert sys.getrecursionlimit() == limit


def test_json_is_read_without_recursion_however_deep() -> None:
    depth = 100_000
    text = "[" * depth + '1, {"x": ["a@b.nl"]}' + "]" * depth
    found = [(p[-8:], v) for p, v, _ in values([text])]
    assert found == [("[][][][]", "1"), ("[][].x[]", "a@b.nl")]
    pieces = [text[i : i + 4096] for i in range(0, len(text), 4096)]
    assert [v for _, v, _ in values(pieces)] == ["1", "a@b.nl"]


def test_a_json_file_that_is_not_json_is_read_as_text(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"notes": "' + NOTES + '", oops', "utf-8")
    scan = scan_file(Scanner.build(), broken)
    assert {f.kind for f in scan.findings} >= {"bsn", "email"} and not scan.not_scanned


def test_files_that_cannot_be_read_or_parsed_are_not_scanned_and_the_scan_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    _good(folder)
    # A file that says it is UTF-16 and is not.
    (folder / "e-utf16.txt").write_bytes(b"\xff\xfe" + b"a\x00b")
    # A SQLite database cut short: its reader fails.
    (folder / "f-broken.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    # A file the system cannot read: reading /proc/self/mem at 0 fails with EIO.
    result = invoke("scan", "--format", "json", "--jobs", "2", str(folder), "/proc/self/mem")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    reasons = {Path(n["source"]).name: n["reason"] for n in report["not_scanned"]}
    assert reasons == {
        "e-utf16.txt": "encoding",
        "f-broken.sqlite": "unparsable",
        "mem": "unreadable",
    }
    assert all(n["detail"] for n in report["not_scanned"])
    found = {(Path(f["place"]["source"]).name, f["kind"]) for f in report["findings"]}
    assert {("a-notes.txt", "bsn"), ("a-notes.txt", "email"), ("b-klanten.csv", "bsn")} <= found
    not_scanned = [i for i in report["issues"] if i["rule"] == "scan-not-scanned"]
    assert len(not_scanned) == 3 and {i["severity"] for i in not_scanned} == {"error"}
    assert report["counts"]["error"] == 3

    english = invoke("scan", "--jobs", "1", str(folder), "/proc/self/mem").output
    rule = "/proc/self/mem: scan-not-scanned [Art. 5(2)]:"
    assert f"{rule} not scanned: it could not be read (Input/output error)" in english
    assert english.rstrip().endswith("3 errors, 5 warnings, 0 infos, 3 not scanned")
    dutch = invoke("scan", "--lang", "nl", "--jobs", "1", str(folder), "/proc/self/mem").output
    assert f"{rule} niet gescand: het kon niet gelezen worden (Input/output error)" in dutch
    assert dutch.rstrip().endswith("3 niet gescand")
    assert "Traceback" not in english + dutch


def test_a_file_without_permission_to_read_is_not_scanned(tmp_path: Path) -> None:
    # Root reads any file, so as root the scan runs as "nobody" (its effective user id
    # only, and back after): in a folder everyone may read but one file nobody may.
    folder = tmp_path / "shared"
    folder.mkdir()
    _good(folder)
    secret = folder / "secret.txt"
    secret.write_text(NOTES, "utf-8")
    for path in (tmp_path, folder, *folder.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    secret.chmod(0)
    scanner = Scanner.build()
    as_root = os.geteuid() == 0
    modes: dict[Path, int] = {}
    if as_root:
        # The interpreter's own files may be root's alone: its codecs are loaded first.
        for codec in ("utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"):
            codecs.lookup(codec)
        # Folders above that others may not pass through (pytest's are root's alone)
        # let them pass for the test, and get their own mode back after it.
        modes = {
            p: p.stat().st_mode & 0o7777 for p in tmp_path.parents if not p.stat().st_mode & 0o001
        }
        for parent, mode in modes.items():
            parent.chmod(mode | 0o111)
        os.seteuid(65534)
    try:
        scan = scan_path(scanner, folder)
    finally:
        if as_root:
            os.seteuid(0)
            for parent, mode in modes.items():
                parent.chmod(mode)
    assert [(n.source, n.reason) for n in scan.not_scanned] == [(str(secret), "permission")]
    assert {f.kind for f in scan.findings} >= {"bsn", "email"}


def test_bytes_that_are_not_utf8_are_read_as_windows_1252(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes("naam;opmerking\nJosé;BSN 123456782\n".encode("cp1252"))
    scan = scan_file(Scanner.build(), export)
    assert not scan.not_scanned and "bsn" in {f.kind for f in scan.findings}


# Streaming -------------------------------------------------------------------------------

VALUES = ("BSN 123456782", "jan.jansen@example.nl", "IBAN NL91ABNA0417164300", "06-12345678")


def test_a_value_in_the_overlap_of_two_windows_is_found_once() -> None:
    scanner = Scanner.build()
    # Values at every offset from the windows' borders: lengths that share no factor.
    text = " ".join(f"{VALUES[i % 4]} {'x' * (i % 37)}" for i in range(3000))
    whole = scanner._find(text, "")
    for size in (4 * scanner.margin, 4 * scanner.margin + 13, CHUNK):
        pieces = (text[i : i + 997] for i in range(0, len(text), 997))
        assert [span for _, span in scanner.stream(pieces, size=size)] == whole
    assert len(whole) == 3000


def test_a_single_line_file_loses_no_value_at_a_window_border(tmp_path: Path) -> None:
    count = 70_000
    line = tmp_path / "one-line.txt"
    with line.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"klant {i} mail k{i}@example.nl, ")
    assert line.stat().st_size > 2 * 1024 * 1024  # more than two blocks of a megabyte
    scan = scan_file(Scanner.build(), line)
    assert [(f.kind, f.count) for f in scan.findings] == [("email", count)]


def test_a_csv_column_is_judged_in_batches_with_the_line_of_its_first_value(
    tmp_path: Path,
) -> None:
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8") as out:
        out.write("id,email\n")
        for i in range(25_000):
            out.write(f"{i},{'-' if i < 12_000 else f'k{i}@example.nl'}\n")
    (finding,) = scan_file(Scanner.build(), rows).findings
    assert (finding.kind, finding.count, finding.values) == ("email", 13_000, 25_000)
    assert finding.place.line == 12_000 + 2


_PEAK = """
import resource, sys
from pathlib import Path
from waarborg.scan.engine import Scanner
from waarborg.scan.sources.files import scan_file
scanner = Scanner.build()
scan_file(scanner, Path(sys.argv[2]))  # a small file: every import and first use done
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
scan = scan_file(scanner, Path(sys.argv[1]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after, sum(f.count for f in scan.findings), len(scan.not_scanned))
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["big.txt", "big.jsonl"])
def test_memory_stays_flat_on_a_64_mb_file(tmp_path: Path, name: str) -> None:
    big, small = tmp_path / name, tmp_path / f"small{Path(name).suffix}"
    record = (
        '{"naam": "Jan Jansen", "email": "jan@example.nl", "bsn": "123456782"}\n'
        if name.endswith(".jsonl")
        else "Klant Jan Jansen, mail jan@example.nl, tel 06-12345678. " * 3 + "\n"
    )
    block = record * (1024 * 1024 // len(record))
    with big.open("w", encoding="utf-8") as out:
        for _ in range(64):
            out.write(block)
    small.write_text(record, "utf-8")
    size = big.stat().st_size
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(big), str(small)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    before, after, found, not_scanned = map(int, done.stdout.split())
    grown = (after - before) * 1024  # ru_maxrss is in kilobytes on Linux
    assert found > 0 and not_scanned == 0
    assert grown < size / 4, f"peak grew by {grown / 2**20:.0f} MB on a {size / 2**20:.0f} MB file"


# Processes, progress, interruption and resuming ---------------------------------------


def _folder(root: Path, count: int, size: int = 0) -> Path:
    root.mkdir(exist_ok=True)
    filler = "Niets bijzonders op deze regel. " * (size // 32)
    for i in range(count):
        kind = i % 4
        path = root / f"dir{i % 7}" / f"file{i:05d}.{('txt', 'csv', 'json', 'txt')[kind]}"
        path.parent.mkdir(exist_ok=True)
        if kind == 1:
            path.write_text(f"naam,email\nKlant {i},k{i}@example.nl\n", "utf-8")
        elif kind == 2:
            path.write_text(json.dumps({"klant": {"bsn": "123456782", "n": i}}), "utf-8")
        else:
            path.write_text(f"{filler}\nklant {i}: k{i}@example.nl, BSN 123456782\n", "utf-8")
    return root


def test_jobs_give_the_same_report_in_the_same_order_as_one_job(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "many", 60)
    (folder / "dir3" / "deep.json").write_text(_deep(5_000), "utf-8")
    reports = [
        invoke("scan", "--format", "json", "--jobs", jobs, str(folder)).output
        for jobs in ("1", "3")
    ]
    assert reports[0] == reports[1]
    sources = json.loads(reports[0])["sources"]
    assert sources == sorted(sources) and len(sources) == 61


class _Seen:
    """Progress that keeps what it is told (the command line shows it as a bar)."""

    def __init__(self) -> None:
        self.tasks: list[tuple[str, int | None]] = []
        self.done = 0
        #: The processes at work beside this one, each time a file is done.
        self.processes: set[int] = set()

    def task(self, label: str, total: int | None) -> None:
        self.tasks.append((label, total))

    def advance(self, amount: int) -> None:
        self.done += amount
        self.processes.add(len(multiprocessing.active_children()))


def test_a_folder_of_many_files_shows_its_progress(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "many", 2_000)
    listed = list(files(folder))
    seen = _Seen()
    scan = scan_files(Scanner.build(), listed, label=str(folder), jobs=3, progress=seen)
    total = sum(f.stat().st_size for f in listed)
    assert seen.tasks == [(f"{folder} (2,000 files)", total)] and seen.done == total
    assert len(scan.sources) == 2_000
    assert seen.processes == {3}  # --jobs 3: three processes scan, this one collects


class _Killer(_Seen):
    """Progress that kills a process at work when the fifth file is done, as the
    system's out-of-memory killer would."""

    def __init__(self) -> None:
        super().__init__()
        self.files = 0
        self.killed = False

    def advance(self, amount: int) -> None:
        super().advance(amount)
        self.files += 1
        children = multiprocessing.active_children()
        if self.files == 5 and children:
            os.kill(children[0].pid or 0, signal.SIGKILL)
            self.killed = True


def test_a_process_killed_under_a_file_loses_no_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "many", 200, size=20_000)
    listed = list(files(folder))
    scanner = Scanner.build()
    killer = _Killer()
    killed = scan_files(scanner, listed, jobs=2, progress=killer)
    assert killer.killed
    alone = scan_files(scanner, listed, jobs=1)
    assert killed == alone and not killed.not_scanned


def test_resume_scans_only_the_files_not_done_and_those_changed(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "many", 12)
    listed = list(files(folder))
    scanner = Scanner.build()
    key = {"paths": [str(folder)], "recognizers": [], "sample": 1000}
    state = State(tmp_path / "state", key)
    first = scan_files(scanner, listed[:8], state=state)
    state.close(complete=False)
    # Done and unchanged (size and time kept): not read again, so its old findings stay.
    same = listed[0]
    stamp = same.stat()
    same.write_text(same.read_text("utf-8").replace("k0@example.nl", "k0@example.be"), "utf-8")
    os.utime(same, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # Done and changed: scanned again.
    changed = listed[1]
    changed.write_text("Niets meer.\n", "utf-8")
    resumed = State(tmp_path / "state", key, resume=True)
    again = scan_files(scanner, listed, state=resumed)
    resumed.close(complete=True)
    assert not (tmp_path / "state").exists()
    assert [f.example for f in again.findings if f.place.source == str(same)] == [
        f.example for f in first.findings if f.place.source == str(same)
    ]
    assert not [f for f in again.findings if f.place.source == str(changed)]
    assert again.sources == [str(f) for f in listed]
    with pytest.raises(UsageError, match="state of another scan"):
        State(tmp_path / "other", key).close(complete=False)
        State(tmp_path / "other", {**key, "sample": 5}, resume=True)


def test_ctrl_c_stops_the_scan_says_where_and_resume_goes_on(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "many", 160, size=120_000)
    report, state = tmp_path / "report.json", tmp_path / "report.json.scan-state"
    command = [sys.executable, "-m", "waarborg", "scan", "--format", "json", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    running = subprocess.Popen(
        [*command, "-o", str(report), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if state.exists() and len(state.read_text("utf-8").splitlines()) > 10:
            break
        time.sleep(0.05)
    # Stopped while the signal is sent, so that however slowly this process is
    # scheduled, the scan cannot finish between the check above and the interruption.
    running.send_signal(signal.SIGSTOP)
    running.send_signal(signal.SIGINT)
    running.send_signal(signal.SIGCONT)
    _, stderr = running.communicate(timeout=60)
    assert running.returncode == ScanInterrupted.exit_code, stderr
    (message,) = stderr.strip().splitlines()
    assert message.startswith(f"error: stopped at {folder}") and "files done" in message
    assert "--resume" in message and not report.exists() and state.exists()
    done = len(state.read_text("utf-8").splitlines()) - 1
    assert 10 <= done < 160

    resumed = subprocess.run(
        [*command, "--resume", "-o", str(report), str(folder)], capture_output=True, env=env
    )
    assert resumed.returncode == 0 and not state.exists()  # findings are warnings
    fresh = subprocess.run([*command, "--jobs", "1", str(folder)], capture_output=True, env=env)
    assert json.loads(report.read_text("utf-8")) == json.loads(fresh.stdout)

"""Line up the slow requests of ``bench/consent_api.py --trace FOLDER`` with what the
server's processes were doing at that moment (``waarborg.store.trace``).

For each paced run (a ``client-*.tsv`` file): the requests slower than
``--slow`` ms (from the moment each was due to the end of its answer) are gathered
into stalls (slow requests whose times overlap), and for each stall this prints its
span, how many requests it held up, how late the load generator itself started them
(the client's own lag, which is not the server's), and the server's events over
``--min`` ms that overlap it, longest first. Then, per kind of event, over the run:
the number, median and longest, and how many took over ``--slow`` ms.

    python bench/consent_trace.py FOLDER [--slow 50] [--min 5] [--top 8]
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Event:
    start: float
    end: float
    pid: str
    thread: str
    kind: str
    extra: str

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


@dataclass
class Request:
    n: int
    due: float
    began: float
    ended: float
    status: int

    @property
    def ms(self) -> float:
        return (self.ended - self.due) * 1000


def _events(folder: Path) -> list[Event]:
    found = []
    for path in sorted((folder / "server").glob("trace-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 6:
                continue
            found.append(
                Event(float(parts[0]), float(parts[1]), parts[2], parts[3], parts[4], parts[5])
            )
    return sorted(found, key=lambda e: e.start)


def _requests(path: Path) -> list[Request]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        n, due, began, ended, status, _fresh = row.split("\t")
        found.append(Request(int(n), float(due), float(began), float(ended), int(status)))
    return found


def _stalls(slow: list[Request]) -> list[list[Request]]:
    stalls: list[list[Request]] = []
    end = float("-inf")
    for request in sorted(slow, key=lambda r: r.due):
        if stalls and request.due <= end:
            stalls[-1].append(request)
            end = max(end, request.ended)
        else:
            stalls.append([request])
            end = request.ended
    return stalls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--slow", type=float, default=50.0, help="a slow request, in ms")
    parser.add_argument("--min", type=float, default=5.0, help="server events shown, in ms")
    parser.add_argument("--top", type=int, default=8, help="events shown per stall")
    args = parser.parse_args()
    events = _events(args.folder)
    clients = sorted(args.folder.glob("client-*.tsv"))
    if not clients:
        raise SystemExit(f"{args.folder}: no client-*.tsv; run bench/consent_api.py --trace")
    for client in clients:
        requests = _requests(client)
        if not requests:
            continue
        first, last = min(r.due for r in requests), max(r.ended for r in requests)
        latencies = sorted(r.ms for r in requests)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        lag = sorted((r.began - r.due) * 1000 for r in requests)
        print(
            f"{client.name}: {len(requests)} requests, p99 {p99:.1f} ms, slowest "
            f"{latencies[-1]:.1f} ms; the client's own lag in starting them: median "
            f"{statistics.median(lag):.2f} ms, longest {lag[-1]:.1f} ms"
        )
        slow = [r for r in requests if r.ms > args.slow]
        for stall in _stalls(slow):
            start = min(r.due for r in stall)
            end = max(r.ended for r in stall)
            own = max((r.began - r.due) * 1000 for r in stall)
            print(
                f"  stall at +{start - first:.3f} s for {(end - start) * 1000:.1f} ms: "
                f"{len(stall)} requests over {args.slow:.0f} ms (slowest "
                f"{max(r.ms for r in stall):.1f}); the client's own lag up to {own:.1f} ms"
            )
            near = [
                e
                for e in events
                if e.end >= start and e.start <= end and e.ms >= args.min and e.kind != "http"
            ]
            for e in sorted(near, key=lambda e: -e.ms)[: args.top]:
                print(
                    f"    {e.kind:20} pid {e.pid:>7} {e.thread[:24]:24} +{e.start - first:7.3f} s"
                    f" {e.ms:8.1f} ms  {e.extra}"
                )
            http = [e for e in events if e.kind == "http" and start <= e.start <= end]
            if http:
                longest = max(http, key=lambda e: e.ms)
                print(
                    f"    requests the server began in the stall: {len(http)}, longest in the "
                    f"server {longest.ms:.1f} ms (pid {longest.pid})"
                )
        during = [e for e in events if first <= e.start <= last]
        kinds: dict[str, list[float]] = defaultdict(list)
        for e in during:
            kinds[e.kind].append(e.ms)
        for kind, times in sorted(kinds.items()):
            times.sort()
            over = sum(1 for t in times if t > args.slow)
            print(
                f"  {kind:20} {len(times):6} events, median {statistics.median(times):7.2f} ms,"
                f" longest {times[-1]:8.1f} ms, over {args.slow:.0f} ms: {over}"
            )


if __name__ == "__main__":
    main()

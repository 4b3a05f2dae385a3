"""Phishing triage: the engine against Apache SpamAssassin (and Rspamd where it installs) on real mail.

Data: `../shared/data/email/{phish,ham}/*.eml` (override with PHISHING_BENCH_DATA=/path/to/email). Each
file goes to TUNE or REPORT by a hash of its name (half each, the same every run). Weights and word lists
were tuned on TUNE only; the figures printed are for REPORT unless `--split tune` is given.

Positive = the engine says "phishing" or "suspicious" (both mean "a person should treat this as an
attack"); "spam" and "safe" are negative. SpamAssassin's positive is its own spam call (score >= 5,
local tests only, `-L`); Rspamd's is an action of "reject", "add header" or "rewrite subject".

Throughput is messages per CPU-second (one core): the engine's own process time in one process, and the
CPU time of the spamd / rspamd processes while they scan (read from /proc), with wall-clock rates too.
The peers are scanned through their daemons on loopback (spamd + spamc, rspamd + rspamc), which is much
faster than `spamassassin -L` per message (that reloads every rule for each message).

Targets (issue 5): >= 300 messages per second per core; recall >= 95% with <= 1% of legitimate mail
called phishing or suspicious; a higher F1 than SpamAssassin.

    python bench/bench_phishing_triage.py [--split report|tune] [--limit N] [--no-peers] [--reasons]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from carecyber.phishing.engine import triage  # noqa: E402 - after the path set-up above

POSITIVE = {"phishing", "suspicious"}


def heading(text: str) -> None:
    print(f"\n=== {text}", flush=True)


def data_dir() -> Path | None:
    configured = os.environ.get("PHISHING_BENCH_DATA")
    candidates = [Path(configured)] if configured else [p / "shared" / "data" / "email" for p in REPO.parents]
    for candidate in candidates:
        if (candidate / "phish").is_dir() and (candidate / "ham").is_dir():
            return candidate
    return None


def split_of(name: str) -> str:
    return "tune" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "report"


@dataclass
class Sample:
    name: str
    path: Path
    label: bool  # True: phishing
    raw: bytes


def load_samples(root: Path, split: str) -> list[Sample]:
    samples = []
    for folder, label in (("phish", True), ("ham", False)):
        for path in sorted((root / folder).glob("*.eml")):
            if split_of(path.name) == split:
                samples.append(Sample(path.name, path, label, path.read_bytes()))
    return samples


@dataclass
class Scores:
    name: str
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    errors: int = 0

    def add(self, label: bool, positive: bool) -> None:
        if label and positive:
            self.tp += 1
        elif label:
            self.fn += 1
        elif positive:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def per_cpu_second(self) -> float:
        return self.total / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def per_wall_second(self) -> float:
        return self.total / self.wall_seconds if self.wall_seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<14} n={self.total:<5} precision {self.precision:6.1%}  recall {self.recall:6.1%}  "
            f"F1 {self.f1:.3f}  ham FP rate {self.fp_rate:5.1%} ({self.fp}/{self.fp + self.tn})  "
            f"{self.per_cpu_second:8.1f} msg/CPU-s  {self.per_wall_second:8.1f} msg/s wall"
            + (f"  ({self.errors} not scanned)" if self.errors else "")
        )


def run_engine(samples: list[Sample], show_reasons: bool) -> Scores:
    scores = Scores("engine")
    verdicts: Counter[str] = Counter()
    fired: dict[str, Counter[str]] = {"phish": Counter(), "ham": Counter()}
    misses: list[str] = []
    results = []
    triage(samples[0].raw)  # load the data files outside the timing
    cpu, wall = time.process_time(), time.perf_counter()
    for sample in samples:
        results.append(triage(sample.raw))
    scores.cpu_seconds, scores.wall_seconds = time.process_time() - cpu, time.perf_counter() - wall
    for sample, result in zip(samples, results, strict=True):
        positive = result.verdict in POSITIVE
        scores.add(sample.label, positive)
        verdicts[f"{'phish' if sample.label else 'ham'}:{result.verdict}"] += 1
        for reason in result.reasons:
            fired["phish" if sample.label else "ham"][reason.code] += 1
        if sample.label != positive:
            misses.append(
                f"  {'missed' if sample.label else 'false alarm'} {sample.name} {result.score}: "
                + ", ".join(f"{r.code}={r.weight}" for r in result.reasons)
            )
    print("engine verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    if show_reasons:
        phish_n = sum(1 for s in samples if s.label)
        ham_n = len(samples) - phish_n
        print(f"{'reason':<30} {'phish':>7} {'ham':>7}")
        for code in sorted(set(fired["phish"]) | set(fired["ham"])):
            print(f"{code:<30} {fired['phish'][code] / phish_n:7.1%} {fired['ham'][code] / ham_n:7.1%}")
        print("\n".join(misses))
    return scores


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_package(command: str, package: str) -> bool:
    if shutil.which(command):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    print(f"installing {package} with apt-get ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", package], capture_output=True, check=False)
    return shutil.which(command) is not None


def cpu_of(names: set[str]) -> float:
    """CPU seconds used so far by every process with one of these command names (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
        if not any(name.startswith(n) for n in names):
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.5)
    return False


def run_spamassassin(samples: list[Sample]) -> Scores | None:
    if not (ensure_package("spamd", "spamassassin") and ensure_package("spamc", "spamc")):
        print("SpamAssassin: skipped (the spamassassin package is not installed and could not be installed)")
        return None
    port = free_port()
    home = tempfile.mkdtemp(prefix="bench-spamd-")
    daemon = subprocess.Popen(
        ["spamd", "-L", "-m", "2", "-i", "127.0.0.1", "-p", str(port), "-A", "127.0.0.1",
         "-u", "nobody", "-H", home, "--max-conn-per-child", "100000", "-s", "stderr"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        if not wait_for_port(port, 120):
            print("SpamAssassin: skipped (spamd did not start)")
            return None
        scores = Scores("SpamAssassin")

        def scan(sample: Sample) -> tuple[Sample, str]:
            done = subprocess.run(
                ["spamc", "-d", "127.0.0.1", "-p", str(port), "-c", "-x", "-s", "20000000"],
                input=sample.raw, capture_output=True, check=False, timeout=120,
            )  # fmt: skip
            return sample, done.stdout.decode(errors="replace").strip()

        cpu, wall = cpu_of({"spamd"}), time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(scan, samples))
        scores.cpu_seconds, scores.wall_seconds = cpu_of({"spamd"}) - cpu, time.perf_counter() - wall
        for sample, output in outcomes:
            try:
                score, threshold = (float(x) for x in output.split("/"))
            except ValueError:
                scores.errors += 1
                continue
            scores.add(sample.label, score >= threshold)
        return scores
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def run_rspamd(samples: list[Sample]) -> Scores | None:
    if not (ensure_package("rspamd", "rspamd") and shutil.which("rspamc")):
        print("Rspamd: skipped (the rspamd package is not installed and could not be installed)")
        return None
    port = 11333
    started = None
    if not wait_for_port(port, 1):
        started = subprocess.Popen(
            ["rspamd", "-f", "-u", "_rspamd", "-g", "_rspamd"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not wait_for_port(port, 60):
            started.terminate()
            print("Rspamd: skipped (rspamd did not start)")
            return None
    try:
        scores = Scores("Rspamd")
        with tempfile.TemporaryDirectory(prefix="bench-rspamd-") as folder:
            for sample in samples:
                (Path(folder) / sample.name).write_bytes(sample.raw)
            by_name = {s.name: s for s in samples}
            cpu, wall = cpu_of({"rspamd"}), time.perf_counter()
            done = subprocess.run(
                ["rspamc", "-h", f"127.0.0.1:{port}", "-n", "2", "-t", "60", "--json", "--compact", folder],
                capture_output=True, check=False, text=True,
            )  # fmt: skip
            scores.cpu_seconds, scores.wall_seconds = cpu_of({"rspamd"}) - cpu, time.perf_counter() - wall
        seen = set()
        for line in done.stdout.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            name = Path(str(record.get("filename", ""))).name
            sample = by_name.get(name)
            if sample is None or name in seen:
                continue
            seen.add(name)
            action = str(record.get("action", ""))
            scores.add(sample.label, action in {"reject", "add header", "rewrite subject"})
        scores.errors = len(samples) - len(seen)
        return scores
    finally:
        if started is not None:
            started.terminate()
            started.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--split", choices=["report", "tune"], default="report")
    parser.add_argument(
        "--limit",
        type=int,
        default=int(os.environ.get("PHISHING_BENCH_LIMIT", "200")),
        help="peers: scan the first N REPORT messages of each class (0: all; SpamAssassin takes ~0.5 s a message)",
    )
    parser.add_argument("--no-peers", action="store_true", help="run the engine only")
    parser.add_argument("--reasons", action="store_true", help="print how often each reason fires, and the misses")
    args = parser.parse_args()

    heading("Phishing triage against SpamAssassin and Rspamd")
    root = data_dir()
    if root is None:
        print("data: no shared/data/email folder found (set PHISHING_BENCH_DATA): nothing to measure, skipped")
        return 0
    samples = load_samples(root, args.split)
    phish_n = sum(1 for s in samples if s.label)
    size = sum(len(s.raw) for s in samples)
    print(
        f"data: {root} — {args.split.upper()} split: {phish_n} phishing + {len(samples) - phish_n} legitimate "
        f"messages ({size / 1e6:.1f} MB); the other half of each folder was used for tuning"
        if args.split == "report"
        else f"data: {root} — TUNE split: {phish_n} phishing + {len(samples) - phish_n} legitimate messages"
    )
    engine = run_engine(samples, args.reasons)
    results = [engine]
    if not args.no_peers:
        peer_samples = samples
        if args.limit:
            spread = sorted(samples, key=lambda s: hashlib.sha256(s.name.encode()).hexdigest())  # every source
            peer_samples = [s for s in spread if s.label][: args.limit] + [s for s in spread if not s.label][
                : args.limit
            ]
            engine_same = Scores("engine (same)")
            cpu, wall = time.process_time(), time.perf_counter()
            for sample in peer_samples:
                engine_same.add(sample.label, triage(sample.raw).verdict in POSITIVE)
            engine_same.cpu_seconds, engine_same.wall_seconds = time.process_time() - cpu, time.perf_counter() - wall
            results.append(engine_same)
            print(
                f"peers: {args.limit} REPORT messages of each class, picked by a hash of the name "
                f"({len(peer_samples)} in all)"
            )
        for peer in (run_spamassassin, run_rspamd):
            outcome = peer(peer_samples)
            if outcome is not None:
                results.append(outcome)
    heading("Results (positive = phishing or suspicious; spam and safe = negative)")
    for scores in results:
        print(scores.line())
    same = next((r for r in results if r.name == "engine (same)"), engine)  # F1 on the peers' messages
    for peer in results[1:]:
        if peer.name.startswith("engine"):
            continue
        speed = engine.per_cpu_second / peer.per_cpu_second if peer.per_cpu_second else float("inf")
        f1_gain = same.f1 - peer.f1
        print(f"engine vs {peer.name}: {speed:.1f}x the messages per CPU-second, F1 {f1_gain:+.3f} (same messages)")
    met_speed = engine.per_cpu_second >= 300
    met_quality = engine.recall >= 0.95 and engine.fp_rate <= 0.01
    print(
        f"targets: >= 300 msg/s per core: {'met' if met_speed else 'MISSED'}; "
        f"recall >= 95% with <= 1% ham FP: {'met' if met_quality else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

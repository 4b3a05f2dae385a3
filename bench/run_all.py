"""`make bench`: run every bench/bench_*.py in turn; each prints its own figures and data size.

BENCH_ONLY=name1,name2 runs a subset (names without the bench_ prefix).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not only or p.stem.removeprefix("bench_") in only)
    failed = []
    for script in scripts:
        print(f"\n##### {script.name}", flush=True)
        started = time.monotonic()
        code = subprocess.run([sys.executable, str(script)], check=False).returncode
        outcome = "done" if code == 0 else f"FAILED ({code})"
        print(f"##### {script.name}: {outcome} in {time.monotonic() - started:.0f} s")
        if code:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

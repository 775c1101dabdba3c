"""Start-up of one app process: seconds to build the app and its resident memory (RSS) after,
with today's content and with 300 generated case studies. Each is measured in a fresh process,
so nothing imported or cached by an earlier measurement counts."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generated import generate_library  # noqa: E402

GENERATED = 300

MEASURE = """
import json, resource, sys, time
started = time.perf_counter()
from app import create_app
app = create_app({"CONTENT_DIR": sys.argv[1]} if sys.argv[1] else None)
seconds = time.perf_counter() - started
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb": rss_kb / 1024}))
"""


def measure(content_dir: str = "", env: dict[str, str] | None = None) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, content_dir],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    today = measure()
    print(
        f"  today's content: start-up {today['seconds']:.2f} s, peak RSS {today['rss_mb']:.0f} MB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        content = generate_library(Path(tmp) / "content", GENERATED)
        scaled = measure(str(content))
    print(
        f"  with {GENERATED} generated case studies: start-up {scaled['seconds']:.2f} s, "
        f"peak RSS {scaled['rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()

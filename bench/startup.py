"""Start-up of one app process: seconds to build the app and its resident memory (RSS) after,
with today's content and with 300 generated case studies: the first start, which builds the
site, and a later one, which opens that build as every further worker does. Each is measured
in a fresh process, so nothing imported or cached by an earlier measurement counts."""

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


def report(name: str, content_dir: str, build_dir: str) -> None:
    """The first start builds the site; every later worker opens that build."""
    env = {"FLASK_BUILD_DIR": build_dir}
    first, later = measure(content_dir, env), measure(content_dir, env)
    print(
        f"  {name}: first start (builds) {first['seconds']:.2f} s, peak RSS "
        f"{first['rss_mb']:.0f} MB; each later worker {later['seconds']:.2f} s, "
        f"{later['rss_mb']:.0f} MB"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report("today's content", "", f"{tmp}/build-today")
        content = generate_library(Path(tmp) / "content", GENERATED)
        report(f"with {GENERATED} generated case studies", str(content), f"{tmp}/build")


if __name__ == "__main__":
    main()

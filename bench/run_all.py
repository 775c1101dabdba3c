"""Run every benchmark and print its figures."""

import runpy
from pathlib import Path

for name in (
    "page_weight",
    "throughput",
    "precache_scale",
    "startup",
    "scale",
    "slow_clients",
    "contact",
):
    print(f"== {name}")
    runpy.run_path(str(Path(__file__).with_name(f"{name}.py")), run_name="__main__")

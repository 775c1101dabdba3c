"""Run every benchmark and print its figures."""

import runpy
from pathlib import Path

BENCHMARKS = (
    "page_weight",
    "throughput",
    "precache_scale",
    "slow_link",
    "offline_open",
    "startup",
    "scale",
    "any_address",
    "slow_clients",
    "hung_dependencies",
    "contact",
    "push_fanout",
)
for name in BENCHMARKS:
    print(f"== {name}")
    runpy.run_path(str(Path(__file__).with_name(f"{name}.py")), run_name="__main__")

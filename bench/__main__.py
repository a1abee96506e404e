"""`make bench`: run every benchmark, print its table, write docs/benchmarks/."""

import argparse
from pathlib import Path

from bench import estimate

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="few repetitions, for a smoke run")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    estimate.run(quick=args.quick, out_dir=args.out)


if __name__ == "__main__":
    main()

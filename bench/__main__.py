"""`make bench`: run every benchmark, print its table, write docs/benchmarks/."""

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from bench import estimate

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
NAMES = ("estimate", "recall")


def run_recall(*, quick: bool, out_dir: Path) -> None:
    """The recall benchmark needs Django: its var directory (secret key, SQLite file) is a
    temporary one, so the developer's database under var/ is never opened."""
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        from bench import recall

        recall.run(quick=quick, out_dir=out_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="few repetitions, for a smoke run")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--only", choices=NAMES, action="append", help="run this benchmark only (repeatable)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    selected = args.only or NAMES
    if "estimate" in selected:
        estimate.run(quick=args.quick, out_dir=args.out)
    if "recall" in selected:
        run_recall(quick=args.quick, out_dir=args.out)


if __name__ == "__main__":
    main()

"""The benchmark's comparison of two runs (``scripts/benchmark.py --against``): each page's speed as a
share of the other run's, both measured against their own floor."""

import importlib.util
from pathlib import Path

from django.test import SimpleTestCase

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "benchmark.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ratio_rows(ratios):
    return [{"mode": "uncached", "page": page, "ratio": ratio} for page, ratio in ratios.items()]


def run(database, pages, in_process):
    return {"database": database, "pages": ratio_rows(pages), "in_process": ratio_rows(in_process)}


class AgainstTests(SimpleTestCase):
    def test_each_page_is_compared_by_its_ratio_to_its_own_runs_floor(self):
        benchmark = load_benchmark()
        sqlite = run("sqlite", {"home": 0.20, "film": 0.10}, {"home": 0.05})
        postgres = run("postgresql", {"home": 0.18, "film": 0.12}, {"home": 0.04})

        rows = benchmark.against(postgres, sqlite)

        self.assertEqual(
            rows,
            [
                {"measure": "under load", "mode": "uncached", "page": "home", "share": 0.9},
                {"measure": "under load", "mode": "uncached", "page": "film", "share": 1.2},
                {"measure": "in process", "mode": "uncached", "page": "home", "share": 0.8},
            ],
        )

    def test_pages_only_one_run_has_are_left_out(self):
        benchmark = load_benchmark()
        small = run("sqlite", {"home": 0.2, "its reviews": 0.1}, {})
        large = run("postgresql", {"home": 0.1, "its reviews, last page": 0.1}, {})

        rows = benchmark.against(large, small)

        self.assertEqual([row["page"] for row in rows], ["home"])
        self.assertEqual(rows[0]["share"], 0.5)

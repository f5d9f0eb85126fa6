"""The catalogue: every mistake reported with its line, and what to write instead."""

import shutil
import tempfile
from pathlib import Path
from unittest import TestCase

from filmarchive.ingest.catalogue import load_catalogue
from filmarchive.ingest.errors import Problems


class CatalogueTests(TestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def load(self, text):
        path = self.folder / "catalogue.toml"
        path.write_text(text, encoding="utf-8")
        problems = Problems()
        catalogue = load_catalogue(path, "catalogue.toml", problems)
        return catalogue, [(p.line, p.message) for p in problems]

    def test_a_good_catalogue(self):
        catalogue, problems = self.load(
            '[documents."film-x.txt"]\norigin = "A capture"\n\n'
            '[[films]]\ntitle = "Her"\nneeds_quotes = true\nyear = 2013\naliases = ["HER"]\n\n'
            '[[people]]\nname = "Pol Pot"\nsort_name = "Pol Pot"\n\n'
            '[[credits]]\nfilm = "Her"\nperson = "Pol Pot"\nrole = "cast"\nevidence = "x"\nfilm_year = 2013\n'
        )
        self.assertEqual(problems, [])
        self.assertEqual(
            (catalogue.origins["film-x.txt"].origin, catalogue.origins["film-x.txt"].line), ("A capture", 1)
        )
        (film,) = catalogue.films
        self.assertEqual(
            (film.title, film.line, film.year, film.needs_quotes, film.aliases),
            ("Her", 4, 2013, True, ("HER",)),
        )
        (credit,) = catalogue.credits
        self.assertEqual((credit.line, credit.film_year), (14, 2013))

    def test_every_mistake_with_its_line(self):
        _, problems = self.load(
            '[documents."film-x.txt"]\norigin = 3\n\n'  # 1
            '[[films]]\ntitle = ""\n\n'  # 4
            '[[films]]\ntitle = "Us"\nyear = "2019"\n\n'  # 7
            '[[films]]\ntitle = "Her"\nneeds_quotes = "yes"\n\n'  # 11
            '[[people]]\nname = "A"\naliases = "B"\n\n'  # 15
            '[[people]]\nname = "C"\nsort_name = ""\n\n'  # 19
            '[[credits]]\nfilm = "Us"\nperson = "A"\nrole = "cast"\n\n'  # 23
            "[reviews]\nx = 1\n"  # 28
        )
        self.assertEqual(
            problems,
            [
                (28, "unknown section 'reviews'; the sections are documents, films, people and credits"),
                (1, "[documents.'film-x.txt'] takes one key, origin, a string: origin = \"...\""),
                (5, "[[films]] number 1: title must be text"),
                (9, "[[films]] number 2: year must be a year, e.g. year = 1996"),
                (13, "[[films]] number 3: needs_quotes is true or false"),
                (
                    17,
                    "[[people]] number 1: aliases must be a list of non-empty strings, "
                    'e.g. aliases = ["AoK"]',
                ),
                (21, "[[people]] number 2: sort_name must be text"),
                (23, "[[credits]] number 1 lacks evidence; add it"),
            ],
        )

    def test_tables_written_the_wrong_way(self):
        _, problems = self.load('films = ["Us"]\npeople = "A"\n')
        self.assertEqual(
            problems,
            [
                (None, "films must be written [[films]], one table per entry"),
                (None, "people must be written [[people]], one table per entry"),
            ],
        )

    def test_not_toml_names_its_line(self):
        _, problems = self.load('[[films]]\ntitle = "Us"\n\n[[films]\n')
        self.assertEqual(len(problems), 1)
        self.assertEqual(problems[0][0], 4)
        self.assertTrue(problems[0][1].startswith("not a readable TOML file"))

    def test_not_utf8(self):
        path = self.folder / "catalogue.toml"
        path.write_bytes(b'[[films]]\ntitle = "\xe9"\n')
        problems = Problems()
        load_catalogue(path, "catalogue.toml", problems)
        self.assertEqual(
            [str(p) for p in problems], ["catalogue.toml: not UTF-8 text; save the catalogue as UTF-8"]
        )

    def test_no_catalogue_is_an_empty_one(self):
        problems = Problems()
        catalogue = load_catalogue(self.folder / "catalogue.toml", "catalogue.toml", problems)
        self.assertEqual(
            (catalogue.films, catalogue.people, catalogue.credits, bool(problems)), ((), (), (), False)
        )

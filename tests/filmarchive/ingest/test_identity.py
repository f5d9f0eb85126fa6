"""Identity: keys, slugs and sort names, the display form, and building one document against known records."""

from unittest import TestCase

from filmarchive.ingest import Identities, build_document, document_from_bytes
from filmarchive.ingest.identity import Where
from filmarchive.ingest.names import identity_key, slugify, sort_name, titlecase_name
from tests.filmarchive.ingest import ARCHIVE, ROLES


def here(line=1, document="doc"):
    return Where(f"{document}.txt", document, line)


class KeyTests(TestCase):
    def test_spellings_of_one_name_share_a_key(self):
        for one, other in [
            ("Théo Lefèvre", "Theo Lefevre"),
            ("BONG JOON-HO", "Bong Joon-ho"),
            ("Mike D'Angelo", "Mike D\u2019Angelo"),
            ("Once Upon a Time... in Hollywood", "Once Upon a Time\u2026 in Hollywood"),
            ("Søren  Kierkegaard", "Soren Kierkegaard"),
            ("Jean–Pierre", "Jean-Pierre"),
        ]:
            with self.subTest(one):
                self.assertEqual(identity_key(one), identity_key(other))

    def test_marks_of_other_scripts_are_kept(self):
        self.assertNotEqual(identity_key("ガス"), identity_key("カス"))
        self.assertNotEqual(identity_key("Андрей"), identity_key("Андреи"))
        self.assertEqual(identity_key("АНДРЕЙ"), identity_key("андрей"))

    def test_slugs(self):
        self.assertEqual(
            [
                slugify(n)
                for n in [
                    "Théo Lefèvre",
                    "Mike D'Angelo",
                    "Lumière!",
                    "봉준호",
                    "Андрей Тарковский",
                    "京マチ子",
                ]
            ],
            ["theo-lefevre", "mike-dangelo", "lumiere", "봉준호", "андрей-тарковский", "京マチ子"],
        )

    def test_sort_names(self):
        self.assertEqual(
            [
                sort_name(n)
                for n in ["Rithy Panh", "Ana de la Cruz", "Bong Joon-ho", "黒澤明", "Notes on Film", "Cher"]
            ],
            ["Panh, Rithy", "de la Cruz, Ana", "Bong Joon-ho", "黒澤明", "Notes on Film", "Cher"],
        )

    def test_a_suffix_stays_last_in_the_sort_name(self):
        self.assertEqual(
            [
                sort_name(n)
                for n in ["Sammy Davis, Jr.", "Sammy Davis Jr.", "Hank Williams Sr.", "John Doe III"]
            ],
            ["Davis, Sammy, Jr.", "Davis, Sammy, Jr.", "Williams, Hank, Sr.", "Doe, John, III"],
        )

    def test_east_asian_names_written_family_name_first_sort_as_written(self):
        names = ["Zhang Yimou", "Jia Zhangke", "Hou Hsiao-hsien", "Park Chan-wook", "Lee Chang-dong"]
        names += ["Wong Kar-wai", "侯孝賢"]
        self.assertEqual([sort_name(n) for n in names], names)

    def test_other_names_are_inverted_hyphens_or_not(self):
        self.assertEqual(
            [
                sort_name(n)
                for n in ["Hirokazu Kore-eda", "Olivia Newton-John", "Kim Novak", "Lee Marvin", "Ang Lee"]
            ],
            ["Kore-eda, Hirokazu", "Newton-John, Olivia", "Novak, Kim", "Marvin, Lee", "Lee, Ang"],
        )

    def test_names_in_capitals_title_cased(self):
        self.assertEqual(
            [titlecase_name(n) for n in ["ANA DE LA CRUZ", "MIKE D'ANGELO", "FRANCES MCDORMAND"]],
            ["Ana de la Cruz", "Mike D'Angelo", "Frances McDormand"],
        )

    def test_a_hyphenated_given_name_after_an_east_asian_family_name_is_one_name(self):
        self.assertEqual(
            [
                titlecase_name(n)
                for n in ["BONG JOON-HO", "LEE CHANG-DONG", "WONG KAR-WAI", "OLIVIA NEWTON-JOHN"]
            ],
            ["Bong Joon-ho", "Lee Chang-dong", "Wong Kar-wai", "Olivia Newton-John"],
        )


class DisplayFormTests(TestCase):
    def settled(self, *spellings):
        identities = Identities()
        for line, (text, derived) in enumerate(spellings, start=1):
            identities.person(text, here(line), derived=derived)
        identities.settle()
        (person,) = identities.people()
        return person

    def test_the_best_written_spelling_wins_whatever_the_order(self):
        spellings = [("THÉO LEFÈVRE", False), ("Theo Lefevre", False), ("Théo Lefèvre", False)]
        for order in (spellings, spellings[::-1], spellings[1:] + spellings[:1]):
            with self.subTest(order=[s for s, _ in order]):
                person = self.settled(*order)
                self.assertEqual((person.name, person.slug), ("Théo Lefèvre", "theo-lefevre"))

    def test_a_spelling_written_in_a_document_beats_one_title_cased_from_capitals(self):
        person = self.settled(("Bong Joon-Ho", True), ("BONG JOON-HO", False), ("Bong Joon-ho", False))
        self.assertEqual(person.name, "Bong Joon-ho")
        self.assertEqual(self.settled(("Bong Joon-Ho", True), ("BONG JOON-HO", False)).name, "Bong Joon-Ho")

    def test_the_first_claim_is_the_provenance(self):
        person = self.settled(("Theo Lefevre", False), ("Théo Lefèvre", False))
        self.assertEqual(person.first, here(1))


class SeededBuildTests(TestCase):
    """One document imported into an archive that already has records: the next issue's admin import."""

    def document(self, name):
        return document_from_bytes(name, (ARCHIVE / name).read_bytes())

    def test_an_interview_links_to_the_people_and_film_already_known(self):
        identities = Identities()
        bong = identities.seed_person("Bong Joon-ho", "bong-joon-ho-2", aliases=["봉준호"])
        identities.seed_film("Parasite", "parasite", year=2019, directors=[bong])
        records = build_document(self.document("interview-bong-joon-ho-cahiers.txt"), identities, ROLES)
        (interview,) = records.interviews
        self.assertEqual(
            (interview.slug, interview.subjects, interview.films, interview.interviewers),
            ("bong-joon-ho-on-parasite", ("bong-joon-ho-2",), ("parasite",), ("theo-lefevre",)),
        )
        self.assertEqual(
            [(p.slug, p.name) for p in records.people],
            [("theo-lefevre", "Théo Lefèvre"), ("bong-joon-ho-2", "Bong Joon-ho")],
        )
        self.assertEqual(
            [(m.line, m.text, m.person or m.film) for m in records.mentions],
            [
                (1, "Bong Joon-ho", "bong-joon-ho-2"),
                (8, "Bong Joon-ho", "bong-joon-ho-2"),
                (8, "Parasite", "parasite"),
                (8, "봉준호", "bong-joon-ho-2"),
            ],
        )

    def test_a_known_name_keeps_its_spelling_and_slug(self):
        identities = Identities()
        identities.seed_person("Mike D'Angelo", "mike-dangelo")
        identities.seed_film("Parasite", "parasite", year=2019)
        records = build_document(self.document("film-parasite.txt"), identities, ROLES)
        mike = next(p for p in records.people if p.slug == "mike-dangelo")
        self.assertEqual(mike.name, "Mike D'Angelo")  # the page writes "Mike D\u2019Angelo"
        self.assertEqual({f.slug for f in records.films}, {"parasite"})  # "Us" and "Her" are not known here

    def test_a_second_film_of_a_known_title_gets_its_year_and_the_known_one_keeps_its_address(self):
        identities = Identities()
        coen = identities.seed_person("Joel Coen", "joel-coen")
        identities.seed_film("Fargo", "fargo", year=1996, directors=[coen])
        records = build_document(self.document("film-fargo-1952.txt"), identities, ROLES)
        self.assertEqual([(f.slug, f.year) for f in records.films], [("fargo-1952", 1952)])


class SortNameBuildTests(TestCase):
    def test_a_credit_with_a_suffix_is_one_person_sorted_by_surname(self):
        text = (
            "Ocean's 11 (1960)\n\nDirected by Lewis Milestone\n\n"
            "Starring Frank Sinatra, Dean Martin, Sammy Davis, Jr., and Peter Lawford\n\nA heist.\n"
        )
        document = document_from_bytes("film-oceans-11.txt", text.encode())
        records = build_document(document, Identities(), ROLES)
        self.assertEqual(
            sorted((p.sort_name, p.name) for p in records.people if p.slug != "lewis-milestone"),
            [
                ("Davis, Sammy, Jr.", "Sammy Davis, Jr."),
                ("Lawford, Peter", "Peter Lawford"),
                ("Martin, Dean", "Dean Martin"),
                ("Sinatra, Frank", "Frank Sinatra"),
            ],
        )

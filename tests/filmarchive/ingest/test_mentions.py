"""Mentions: a film or person is linked only where the text names it."""

from unittest import TestCase

from filmarchive.ingest.catalogue import CatalogueFilm
from filmarchive.ingest.identity import Identities, Where
from filmarchive.ingest.mentions import MentionIndex
from filmarchive.ingest.text import Line, Paragraph


class MentionTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        identities = Identities()
        where = Where("page.txt", "page", 1)
        for title in ("Us", "Parasite", "Get Out", "Lumière!", "S21"):
            identities.film(title, where)
        identities.catalogue_film(CatalogueFilm("Her", 3, needs_quotes=True), "catalogue.toml")
        identities.film("Fargo", where, year=1952)
        identities.film("Fargo", where, year=1996)
        for name in ("Bong Joon-ho", "봉준호", "黒澤明", "Андрей Тарковский"):
            identities.person(name, where)
        cls.index = MentionIndex(identities.all_entities())

    def found(self, *lines):
        paragraph = Paragraph(tuple(Line(number, text) for number, text in enumerate(lines, start=1)))
        return [(m.line, m.text, m.entity.best_spelling()) for m in self.index.find(paragraph)]

    def test_ordinary_words_are_not_titles(self):
        self.assertEqual(self.found("Tell us about a parasite; get out of here, and her too."), [])

    def test_a_one_word_title_capitalised_in_running_text(self):
        self.assertEqual(
            self.found("Between Us and Parasite."), [(1, "Us", "Us"), (1, "Parasite", "Parasite")]
        )

    def test_a_one_word_title_opening_a_sentence_only_when_quoted(self):
        self.assertEqual(self.found("Us was better. Parasite won."), [])
        self.assertEqual(
            self.found("“Us” was better. *Parasite* won. _Us_ again."),
            [(1, "Us", "Us"), (1, "Parasite", "Parasite"), (1, "Us", "Us")],
        )

    def test_a_short_title_in_capitals_is_not_the_title(self):
        self.assertEqual(
            self.found("Released in the US in March, after PARASITE and S21."),
            [(1, "PARASITE", "Parasite"), (1, "S21", "S21")],
        )

    def test_a_title_the_catalogue_says_needs_quotes(self):
        self.assertEqual(self.found("After Her, the film “Her,” was easier."), [(1, "Her", "Her")])

    def test_every_capitalised_word_of_a_title_must_be(self):
        self.assertEqual(self.found("Get out of here, said the man in Get Out."), [(1, "Get Out", "Get Out")])

    def test_punctuation_is_part_of_a_title(self):
        self.assertEqual(
            self.found("The Lumière brothers made Lumière! possible."), [(1, "Lumière!", "Lumière!")]
        )

    def test_names_in_scripts_without_spaces_match_inside_words(self):
        self.assertEqual(
            self.found("봉준호의 영화, 黒澤明監督", "Тарковский, Андрей Тарковский."),
            [(1, "봉준호", "봉준호"), (1, "黒澤明", "黒澤明"), (2, "Андрей Тарковский", "Андрей Тарковский")],
        )

    def test_a_latin_name_is_never_found_inside_a_longer_word(self):
        self.assertEqual(self.found("Bong Joon-hoo and Bongo Joon-ho"), [])

    def test_a_title_two_films_share_needs_its_year(self):
        self.assertEqual(self.found("In Fargo, and in Fargo (1996)."), [(1, "Fargo", "Fargo")])
        (mention,) = self.index.find(Paragraph.single(1, "The Fargo (1952) western."))
        self.assertEqual(getattr(mention.entity, "year", None), 1952)

    def test_a_wrapped_paragraph_cites_the_line_a_mention_stands_on(self):
        self.assertEqual(
            self.found("First line,", "then Bong Joon-ho on the second."),
            [(2, "Bong Joon-ho", "Bong Joon-ho")],
        )

"""Running text is set at a comfortable measure: about 65 to 75 characters a line on a laptop's screen."""

from interviews.models import Interview
from reviews.models import Review
from tests.browser.base import BrowserTestCase

# Characters on each line the paragraph is set in: one Range per character, grouped by the top of
# the line box it lands on. Spaces where a line breaks have no box and are not counted.
CHARACTERS_PER_LINE = """
const paragraph = arguments[0];
const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
const lines = new Map();
const range = document.createRange();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (let i = 0; i < node.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width === 0) continue;
    const top = Math.round(box.top + box.height / 2);
    const line = [...lines.keys()].find((known) => Math.abs(known - top) < box.height / 2);
    lines.set(line ?? top, (lines.get(line ?? top) || 0) + 1);
  }
}
return [...lines.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
"""


class MeasureTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.browser.set_window_size(1366, 900)
        self.addCleanup(self.browser.set_window_size, 1280, 1000)

    def assertComfortableMeasure(self, path, css):
        """The longest paragraph matching ``css`` averages 60 to 80 characters on its full lines."""
        self.open(path)
        paragraphs = self.browser.find_elements("css selector", css)
        longest = max(paragraphs, key=lambda paragraph: len(paragraph.get_attribute("textContent")))
        lines = self.browser.execute_script(CHARACTERS_PER_LINE, longest)
        full_lines = lines[:-1]  # the last line of a paragraph runs short
        self.assertGreaterEqual(len(full_lines), 3, f"too short a paragraph to measure: {lines}")
        average = sum(full_lines) / len(full_lines)
        self.assertTrue(60 <= average <= 80, f"{average:.0f} characters a line on {path}: {lines}")

    def test_a_review_reads_at_a_comfortable_measure(self):
        review = Review.objects.get(author__slug="melissa-tamminga")
        self.assertComfortableMeasure(review.get_absolute_url(), "article.review > p")

    def test_an_interviews_answers_read_at_a_comfortable_measure(self):
        interview = Interview.objects.get()
        self.assertComfortableMeasure(interview.get_absolute_url(), ".turn-answer p:not(.speaker)")

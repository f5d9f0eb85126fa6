"""Browser tests: a real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium.

``make test`` installs the two packages when they are missing (scripts/ensure-test-tools); without them
these tests fail, saying so, rather than being skipped.
"""

import os
import shutil

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,1000",
]


def start_chromium():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(path):
            raise RuntimeError(
                f"{path} is not installed: browser tests need Debian's chromium and chromium-driver "
                "(scripts/ensure-test-tools installs them; make test runs it)."
            )
    os.environ["SE_OFFLINE"] = "true"  # Selenium must never try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


# What chromedriver sometimes answers, instead of "stale element", about an element of a document that
# the browser has just replaced.
LOST_NODE = "does not belong to the document"


def is_gone(element):
    """Whether the element's document has been replaced (it is stale, or its node already unknown)."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if LOST_NODE in str(error):
            return True
        raise
    return False


class BrowserTestCase(StaticLiveServerTestCase):
    fixtures = ["archive"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.browser = start_chromium()
        cls.addClassCleanup(cls.browser.quit)

    def open(self, path):
        self.browser.get(self.live_server_url + path)
        self.assertConsoleClean(path)

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def wait_for(self, css, timeout=10):
        return WebDriverWait(self.browser, timeout).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css))
        )

    def click_and_load(self, element):
        """Click something that loads a new page, and wait until it has."""
        old = self.browser.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.browser, 10).until(lambda browser: is_gone(old))
        # The old document is gone; wait until the new one has finished loading, too.
        WebDriverWait(self.browser, 10).until(
            lambda browser: browser.execute_script("return document.readyState") == "complete"
        )
        self.assertConsoleClean(self.browser.current_url)

    def assertConsoleClean(self, where):
        """No error in the console: no failed resource, no script error, no CSP violation."""
        errors = [entry["message"] for entry in self.browser.get_log("browser") if entry["level"] == "SEVERE"]
        self.assertEqual(errors, [], f"console errors on {where}")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class AccessibilityMixin:
    """Runs axe-core (from npm, offline) in the page and fails on any WCAG 2.2 AA violation."""

    def assertAccessible(self):
        from tests.checkers import AXE, require

        self.browser.set_script_timeout(30)
        self.browser.execute_script(require(AXE).read_text(encoding="utf-8"))
        violations = self.browser.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: "tag", values: arguments[0]}}).then(
              (result) => done(result.violations.map(
                (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
              )),
              (error) => done([`axe failed: ${error}`]),
            );
            """,
            AXE_TAGS,
        )
        self.assertEqual(violations, [], f"accessibility violations on {self.browser.current_url}")

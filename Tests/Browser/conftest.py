"""A `tshell playground` process and headless Chromium browsers (Selenium) for the browser tests."""
import os
import shutil
import subprocess
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("TSHELL_BINARY") or os.path.join(ROOT, ".build", "debug", "tshell")


class Playground:
    """`tshell playground --port 0 --max-sessions 2`, its sessions' homes in a folder of its own."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="tshell-browser-")
        environment = dict(os.environ, TMPDIR=self.folder)
        self.process = subprocess.Popen(
            [BINARY, "playground", "--port", "0", "--max-sessions", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, text=True)
        line = self.process.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line + self.process.stderr.read()
        self.url = line.split()[-1]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def playground():
    server = Playground()
    yield server
    server.stop()


@pytest.fixture
def browsers():
    """Opens headless Chromium windows on demand; closes them after the test."""
    opened = []

    def open_browser():
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"):
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        driver.quit()

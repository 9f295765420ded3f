"""The playground in a real browser: the page, typing into the terminal, Tab, the tour, separate
sessions and the cap, through headless Chromium and Selenium."""
import os

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BANNER = "tshell 0.1.0: a shell for the Temporal v2 Account API. To start:"


def terminal_text(driver):
    return driver.execute_script("return window.playground ? window.playground.text() : ''")


def wait_for(driver, text, after=0, timeout=60):
    """Waits until the terminal shows `text` past its first `after` characters; the text."""
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: text in terminal_text(d)[after:])
    return terminal_text(driver)


def type_line(driver, line):
    """Types `line` and Enter into the terminal; where its output starts in the terminal's text."""
    mark = len(terminal_text(driver))
    driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(line + Keys.ENTER)
    return mark


def open_session(browsers, playground):
    driver = browsers()
    driver.get(playground.url)
    wait_for(driver, "embedded> ")
    return driver


def test_page_terminal_and_account(browsers, playground):
    driver = open_session(browsers, playground)
    assert driver.title == "tshell playground"
    assert BANNER in terminal_text(driver)
    steps = [
        ("register ann ann@example.com --password-env DEMO_PW | $.UserName", '"ann"'),
        ("verify", '"email verified"'),
        ("login ann --password-env DEMO_PW | $.expire", "ann@embedded> "),
        ("key new laptop", '"name": "ann-laptop"'),
        ("key list --table", "ann-laptop  12D3KooW"),
    ]
    for line, expected in steps:
        mark = type_line(driver, line)
        text = wait_for(driver, expected, after=mark)
        assert "error" not in text[mark:], text[mark:]
    assert "NAME        PEER ID" in terminal_text(driver)
    if os.environ.get("PLAYGROUND_SCREENSHOT"):
        driver.save_screenshot(os.environ["PLAYGROUND_SCREENSHOT"])


def test_tab_completion(browsers, playground):
    driver = open_session(browsers, playground)
    textarea = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    mark = len(terminal_text(driver))
    textarea.send_keys("key exp" + Keys.TAB)
    wait_for(driver, "key export ", after=mark)
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("c").key_up(Keys.CONTROL).perform()
    wait_for(driver, "embedded> ", after=mark + 1)


def test_tour_button_runs_its_step(browsers, playground):
    driver = open_session(browsers, playground)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "step-1"))
    titles = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#steps strong")]
    assert titles[:3] == ["Register an account", "Verify the address", "Log in"]
    mark = len(terminal_text(driver))
    driver.find_element(By.ID, "step-1").click()
    wait_for(driver, '"ann"', after=mark)
    mark = len(terminal_text(driver))
    driver.find_element(By.ID, "step-2").click()
    wait_for(driver, '"email verified"', after=mark)
    mark = len(terminal_text(driver))
    driver.find_element(By.CSS_SELECTOR, '#docs button[data-code="help key new"]').click()
    wait_for(driver, "create an IPFS key (Ed25519; RSA with --type rsa or --bits)", after=mark)


def test_separate_sessions_and_the_cap(browsers, playground):
    first = open_session(browsers, playground)
    second = open_session(browsers, playground)
    wait_for(first, "embedded> ", after=type_line(first, "$color = \"green\""))
    mark = type_line(second, "$color")
    assert "error: undefined variable $color" in wait_for(second, "undefined variable", after=mark)
    third = browsers()
    third.get(playground.url)
    WebDriverWait(third, 30).until(lambda d: "full" in d.title)
    assert third.find_element(By.ID, "full").text == "Every session is taken right now: try again in a minute."

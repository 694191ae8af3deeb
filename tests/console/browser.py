"""The supervisor console in headless Chromium over WebDriver: each step is one thing a
supervisor does, checked in the browser; axe-core runs on every page shown. A failing step
saves a screenshot and the page in the artifacts directory. Ends with
`console: N passed, M failed`."""

import argparse
import json
import os
import subprocess
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
for name in ("--seed", "--video", "--custos", "--axe", "--artifacts"):
    parser.add_argument(name, required=True)
args = parser.parse_args()

seed = subprocess.Popen(
    [args.seed, args.video],
    stdin=subprocess.PIPE,
    stdout=subprocess.PIPE,
    stderr=open(os.path.join(args.artifacts, "server.log"), "w"),
    text=True,
)
world = json.loads(seed.stdout.readline())
base = world["base_url"]
timing = world["big_case_page"]
print(
    f"case page of {timing['records']} records, {timing['requests']} loads over loopback "
    f"(debug build): p50 {timing['p50_ms']:.1f} ms, p99 {timing['p99_ms']:.1f} ms, "
    f"{timing['bytes']} bytes; the API's JSON of the same case: p50 {timing['api_p50_ms']:.1f} ms, "
    f"p99 {timing['api_p99_ms']:.1f} ms",
    flush=True,
)

downloads = os.path.join(args.artifacts, "downloads")
os.makedirs(downloads, exist_ok=True)
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
             "--autoplay-policy=no-user-gesture-required", "--lang=zh-CN"):
    options.add_argument(flag)
options.add_experimental_option("prefs", {
    "download.default_directory": downloads,
    "download.prompt_for_download": False,
})
driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
driver.set_page_load_timeout(60)
driver.set_script_timeout(60)
axe_source = open(args.axe).read()

passed = 0
failed = 0
accessibility = []


def open_page(path):
    driver.get(base + path)
    audit()


def audit():
    """axe-core on the page shown: serious and critical violations are kept for the axe step."""
    driver.execute_script(axe_source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.length})))).catch(e => done([{id: 'axe-error', impact: 'critical',"
        " nodes: String(e)}]));"
    )
    for violation in result:
        if violation["impact"] in ("serious", "critical"):
            accessibility.append((driver.current_url, violation))


def step(name):
    def run(check):
        global passed, failed
        try:
            check()
            passed += 1
            print(f"ok   {name}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
            try:
                driver.save_screenshot(os.path.join(args.artifacts, f"{name}.png"))
                with open(os.path.join(args.artifacts, f"{name}.html"), "w") as page:
                    page.write(driver.page_source)
            except Exception:
                pass
        return check
    return run


def text():
    return driver.find_element(By.TAG_NAME, "body").text


def custody_rows():
    return len(driver.find_elements(By.CSS_SELECTOR, "tr.custody-event"))


def events(name):
    """Custody events of one kind on the item page shown."""
    return sum(1 for row in driver.find_elements(By.CSS_SELECTOR, "tr.custody-event")
               if row.find_elements(By.TAG_NAME, "td")[1].text == name)


def follow(element):
    """Clicks a link or a submit button and waits until the next page has replaced this one.

    WebDriver's click returns once the click is dispatched, not once the navigation it starts
    has ended, so reading the URL or opening another page straight after it races the request
    still in flight (a sign-in still being answered when the next page is asked for, say)."""
    # A mark on this page's window: the next document has a window of its own, without it.
    driver.execute_script("window.custosLeft = true")
    element.click()
    # While the old document is being replaced, Chromium may answer a script with an error
    # of its own ("does not belong to the document", "target frame detached"): not yet.
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.custosLeft === undefined && document.readyState === 'complete'"))


def submit(form_action_suffix, fields):
    form = driver.find_element(By.CSS_SELECTOR, f"form[action$='{form_action_suffix}']")
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    follow(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


@step("sign-in")
def sign_in():
    open_page("/console/")
    assert driver.current_url.endswith("/console/sign-in"), driver.current_url
    driver.find_element(By.ID, "username").send_keys(world["supervisor"]["username"])
    driver.find_element(By.ID, "password").send_keys(world["supervisor"]["password"])
    follow(driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.current_url.endswith("/console/"), driver.current_url
    assert "Test County" in text(), text()
    audit()


@step("case-page")
def case_page():
    open_page(f"/console/cases/{world['case']}")
    rows = driver.find_elements(By.CSS_SELECTOR, "#timeline + p + table tbody tr")
    assert len(rows) == 6, len(rows)
    assert "✗" not in text()
    assert "APL-61-service-7-days" in text()
    assert "缴纳罚款" in text()
    assert driver.find_elements(By.CSS_SELECTOR, "tr.fork"), "the fork is highlighted"
    thumbs = driver.find_elements(By.CSS_SELECTOR, ".thumbs img")
    assert thumbs and driver.execute_script("return arguments[0].complete", thumbs[0])
    # The README's screenshot is taken from here.
    driver.save_screenshot(os.path.join(args.artifacts, "case.png"))


@step("video-range")
def video_range():
    open_page(f"/console/evidence/{world['video']}")
    played = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const v = document.getElementById('player'); v.muted = true;"
        "const stop = () => { v.pause(); done({t: v.currentTime, state: v.readyState}); };"
        "v.addEventListener('timeupdate', () => { if (v.currentTime >= 1) stop(); });"
        "v.addEventListener('error', () => done({error: v.error && v.error.code}));"
        "v.play().catch(e => done({error: String(e)}));"
    )
    assert "error" not in played and played["t"] >= 1, played
    driver.refresh()
    audit()
    ranges = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "tr.custody-event")
              if "range=" in row.text and "range=all" not in row.text]
    assert ranges, "the player's reads are logged as ranges"


@step("seal-and-transfer")
def seal_and_transfer():
    open_page(f"/console/evidence/{world['photo']}")
    before = custody_rows()
    submit("/seal", {"reason": "移送前封存"})
    assert driver.current_url.endswith("#custody"), driver.current_url
    audit()
    sealed = custody_rows()
    assert sealed > before and "封存" in text()
    submit("/transfer", {"receiving_body": "区公安分局", "receipt_sha256": "ab" * 32})
    audit()
    assert custody_rows() > sealed and "移交" in text() and "区公安分局" in text()


@step("bad-input-beside-the-field")
def bad_input():
    open_page(f"/console/evidence/{world['photo']}")
    holds, transfers = events("冻结"), events("移交")
    submit("/hold", {"reason": " "})
    assert driver.find_element(By.ID, "hold-reason-error").is_displayed()
    audit()
    submit("/transfer", {"receiving_body": "区公安分局", "receipt_sha256": "not a digest"})
    assert driver.find_element(By.ID, "receipt_sha256-error").is_displayed()
    # Nothing changed: no hold, no transfer (the refusals' pages are only views).
    assert "冻结中" not in text()
    assert (events("冻结"), events("移交")) == (holds, transfers)


@step("draw")
def draw():
    open_page("/console/draws")
    submit("/console/draws", {"task": "2026年12月食品经营抽查", "count": "1",
                              "targets": "商户甲\n商户乙\n商户丙"})
    audit()
    assert "/console/draws/" in driver.current_url, driver.current_url
    assert "种子" in text() and "日志" in text()


@step("review-campaign")
def review_campaign():
    # 案卷评查 from the top bar and from the unit's page: a bad form beside its field, then a
    # campaign opened by list, a manual item scored with a remark, the printable report, closing.
    open_page("/console/")
    follow(driver.find_element(By.CSS_SELECTOR, "header a[href='/console/reviews']"))
    audit()
    open_page("/console/")
    follow(driver.find_element(By.LINK_TEXT, "Test County"))
    follow(driver.find_element(By.CSS_SELECTOR, "main a[href$='/reviews']"))
    audit()

    def fill(title, start, end, cases):
        driver.execute_script(
            "document.getElementById('from').value = arguments[0];"
            "document.getElementById('to').value = arguments[1];", start, end)
        driver.find_element(By.CSS_SELECTOR, "input[name=selection][value=list]").click()
        area = driver.find_element(By.ID, "cases")
        area.clear()
        area.send_keys(cases)
        submit("/reviews", {"title": title})

    fill("2026年第一季度案卷评查", "2026-03-01", "2026-04-30", "review-1\nno-such-case")
    assert driver.find_element(By.ID, "cases-error").is_displayed()
    audit()
    assert "尚无评查活动" in text(), "nothing was opened"
    fill("2026年第一季度案卷评查", "2026-03-01", "2026-04-30", "review-1\nreview-2")
    assert "/console/reviews/" in driver.current_url, driver.current_url
    audit()
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.review-file")) == 2, driver.page_source
    assert driver.find_elements(By.CSS_SELECTOR, "tr.rank"), driver.page_source
    driver.find_element(By.CSS_SELECTOR, "#item option[value='basis.law']").click()
    submit("/scores", {"score": "1", "remark": "法律依据引用不完整"})
    audit()
    assert "法律依据引用不完整" in text() and driver.find_elements(By.CSS_SELECTOR, "tr.manual-score")
    campaign = driver.current_url.split("#")[0]
    follow(driver.find_element(By.CSS_SELECTOR, "a[href$='/print']"))
    audit()
    assert "案卷评查通报" in text()
    driver.get(campaign)
    submit("/close", {})
    audit()
    assert "已结束" in text() and not driver.find_elements(By.CSS_SELECTOR, "form[action$='/scores']")


@step("attention-and-statistics")
def supervision():
    open_page("/console/")
    follow(driver.find_element(By.CSS_SELECTOR, "a[href$='/attention'].warn"))
    audit()
    assert driver.find_elements(By.CSS_SELECTOR, "tr.attention-item"), driver.page_source
    open_page("/console/")
    follow(driver.find_element(By.LINK_TEXT, "Test County"))
    follow(driver.find_element(By.CSS_SELECTOR, "a[href$='/stats']"))
    audit()
    assert driver.find_elements(By.CSS_SELECTOR, "figure.chart svg polyline"), driver.page_source
    follow(driver.find_element(By.CSS_SELECTOR, "a[href$='group_by=unit']"))
    audit()
    assert driver.find_elements(By.CSS_SELECTOR, "figure.chart svg rect"), driver.page_source
    assert "cases_filed" in text()


@step("bundle-verify")
def bundle_verify():
    open_page(f"/console/cases/{world['case']}")
    driver.find_element(By.CSS_SELECTOR, "a[href$='/bundle']").click()
    path = os.path.join(downloads, f"case-{world['case']}.bundle.json")
    for _ in range(100):
        if os.path.exists(path):
            break
        time.sleep(0.1)
    result = subprocess.run([args.custos, "verify", path], capture_output=True, text=True)
    print(result.stdout.strip(), flush=True)
    assert result.returncode == 0, result.stdout + result.stderr


@step("sibling-case-not-found")
def sibling():
    open_page(f"/console/cases/{world['sibling_case']}")
    out_of_scope = driver.page_source
    assert "未找到" in text()
    open_page("/console/cases/no-such-case")
    assert driver.page_source == out_of_scope


@step("form-without-csrf-refused")
def csrf():
    open_page(f"/console/evidence/{world['photo']}")
    holds = events("冻结")
    driver.execute_script(
        "document.querySelector(\"form[action$='/hold'] input[name=csrf]\").remove()")
    submit("/hold", {"reason": "no token"})
    assert "表单已失效" in text(), text()
    audit()
    open_page(f"/console/evidence/{world['photo']}")
    assert "冻结中" not in text() and events("冻结") == holds


@step("sign-out-kills-the-session")
def sign_out():
    open_page("/console/")
    cookie = driver.get_cookie("custos_console")
    follow(driver.find_element(By.CSS_SELECTOR, "form[action='/console/sign-out'] button"))
    assert driver.current_url.endswith("/console/sign-in")
    driver.add_cookie({"name": "custos_console", "value": cookie["value"], "path": "/console"})
    open_page(f"/console/cases/{world['case']}")
    assert driver.current_url.endswith("/console/sign-in"), driver.current_url


@step("sign-in-without-its-token-refused")
def sign_in_csrf():
    # A forged sign-in (no token from this form) is refused with why, and signs nobody in,
    # even with the right password.
    driver.delete_cookie("custos_console")
    open_page("/console/sign-in")
    driver.execute_script(
        "document.querySelector(\"form[action='/console/sign-in'] input[name=csrf]\").remove()")
    driver.find_element(By.ID, "username").send_keys(world["supervisor"]["username"])
    driver.find_element(By.ID, "password").send_keys(world["supervisor"]["password"])
    follow(driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_element(By.ID, "sign-in-error").is_displayed()
    assert "登录表单已失效" in text(), text()
    audit()
    assert driver.get_cookie("custos_console") is None
    open_page("/console/")
    assert driver.current_url.endswith("/console/sign-in"), driver.current_url


@step("english")
def english():
    open_page("/console/sign-in")
    follow(driver.find_element(By.CSS_SELECTOR, "a[href^='/console/lang']"))
    assert "Username" in text()
    audit()


@step("registers")
def registers():
    open_page("/console/sign-in")
    driver.find_element(By.ID, "username").send_keys(world["admin"]["username"])
    driver.find_element(By.ID, "password").send_keys(world["admin"]["password"])
    follow(driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    # Users and roles: an unknown role (which no choice offers, so it is put there the way a
    # forged form would) is refused beside its field and nobody is added; then a reviewer is.
    open_page("/console/users")
    driver.execute_script("document.querySelector('#role option').value = 'chief'")
    driver.execute_script("document.querySelector('#role').selectedIndex = 0")
    submit("/console/users", {"username": "reviewer.browser", "password": "a long enough password"})
    assert driver.find_element(By.ID, "role-error").is_displayed()
    audit()
    assert "reviewer.browser" not in text()
    driver.find_element(By.CSS_SELECTOR, "#role option[value=reviewer]").click()
    submit("/console/users", {"username": "reviewer.browser", "password": "a long enough password"})
    assert driver.current_url.endswith("/console/users"), driver.current_url
    assert "reviewer.browser" in text()
    # Devices: a malformed public key beside its field.
    open_page("/console/devices")
    submit("/console/devices", {"public_key": "not a key"})
    assert driver.find_element(By.ID, "public_key-error").is_displayed()
    audit()
    # Certificates: a suspension without a reason beside the row.
    open_page("/console/certificates")
    rows = driver.find_elements(By.CSS_SELECTOR, "form[action^='/console/certificates/']")
    assert rows, driver.page_source
    follow(rows[0].find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_elements(By.CSS_SELECTOR, "p.field-error[id^=reason-]"), driver.page_source
    audit()
    # A unit's rules: malformed JSON beside the text, which is kept.
    open_page("/console/")
    follow(driver.find_element(By.LINK_TEXT, "Test County"))
    follow(driver.find_element(By.CSS_SELECTOR, "a[href$='/rules']"))
    audit()
    area = driver.find_element(By.ID, "rules")
    area.clear()
    area.send_keys('{"three_documents": tru')
    follow(driver.find_element(By.CSS_SELECTOR, "form[action$='/rules'] button[type=submit]"))
    assert driver.find_element(By.ID, "rules-error").is_displayed()
    assert "tru" in driver.find_element(By.ID, "rules").get_attribute("value")
    audit()
    # Publication approvals: the admin is offered the page from the top bar.
    follow(driver.find_element(By.CSS_SELECTOR, "a[href='/console/publications']"))
    audit()
    assert driver.find_elements(By.TAG_NAME, "h2"), driver.page_source


@step("axe")
def axe():
    assert not accessibility, json.dumps(accessibility, ensure_ascii=False, indent=1)


driver.quit()
seed.stdin.close()
seed.wait(timeout=30)
print(f"console: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

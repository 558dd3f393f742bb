#!/usr/bin/env python3
"""Walks the portal in a real browser (headless Chromium via selenium), as a new user would:
signs in in each of the three languages, fills in a declaration, submits it, downloads the signing
payload, signs it with OpenSSL and the demo declarant's key, uploads the signature (a revoked-looking
garbage file first, which must be refused) and checks that it is registered. Needs a running
`keruen serve --demo` (started in the folder whose data/demo-pki it wrote), chromium, chromium-driver,
openssl and `pip install selenium`.

    python3 Scripts/portal-walkthrough.py [http://127.0.0.1:8080] [screenshot-folder] [data/demo-pki]
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
shots = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
pki = sys.argv[3] if len(sys.argv) > 3 else "data/demo-pki"

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--window-size=1280,1600"]:
    options.add_argument(flag)
browser = webdriver.Chrome(options=options)
browser.implicitly_wait(5)


def shot(name):
    if shots:
        browser.save_screenshot(f"{shots}/{name}.png")


def click_and_wait(selector):
    """Clicks and waits for the next page: reading right after a click could find the old page."""
    button = browser.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(button))


def sign_in(username):
    browser.get(base + "/signin")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("demo")
    click_and_wait("form[action='/signin'] button")


def sign_out():
    click_and_wait("form[action='/signout'] button")


try:
    expected = {"kk": "Менің декларацияларым", "ru": "Мои декларации", "en": "My declarations"}
    for language, heading in expected.items():
        browser.get(f"{base}/language/{language}?back=/signin")
        sign_in("demo-declarant")
        assert heading in browser.find_element(By.TAG_NAME, "h1").text, browser.page_source[:500]
        shot(f"list-{language}")
        sign_out()
    print("signed in and out in kk, ru, en")

    browser.get(f"{base}/language/en?back=/signin")
    sign_in("demo-declarant")
    browser.get(base + "/declarations/new")
    values = {
        "/declarant/name": "Altyn Trade LLP", "/consignor/name": "Urumqi Trading",
        "/consignor/country": "CN", "/consignee/name": "Altyn Trade LLP", "/consignee/country": "KZ",
        "/transport/identification": "777ABC02", "/invoiceCurrency": "USD", "/invoiceTotal": "1200.50",
        "/dispatchCountry": "CN", "/destinationCountry": "KZ",
        "/items/0/commodityCode": "8471300000", "/items/0/description": "Laptops", "/items/0/originCountry": "CN",
        "/items/0/grossMass": "12", "/items/0/netMass": "10", "/items/0/invoiceValue": "1200.50",
    }
    selects = {"/kind": "IM", "/procedure": "40", "/officeCode": "55201010", "/transport/mode": "30", "/incoterms/code": "FCA",
               "/items/0/valuationMethod": "1"}
    for name, value in selects.items():
        Select(browser.find_element(By.NAME, name)).select_by_value(value)
    for name, value in values.items():
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    shot("form")
    click_and_wait("button[value='submit']")
    assert "/sign" in browser.current_url, browser.current_url
    shot("sign")
    # The payload as the download link gives it, fetched with the browser's session cookie.
    link = browser.find_element(By.CSS_SELECTOR, "a[download]").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    payload = urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})).read()
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "payload.json"), "wb") as f:
        f.write(payload)
    with open(os.path.join(folder, "garbage.sig"), "wb") as f:
        f.write(b"not a signature")
    browser.find_element(By.NAME, "signature").send_keys(os.path.join(folder, "garbage.sig"))
    click_and_wait("form[enctype='multipart/form-data'] button.primary")
    assert "signature-invalid" in browser.page_source, browser.page_source[:2000]
    print("a garbage signature file was refused with its reason")
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", os.path.join(folder, "payload.json"),
                    "-signer", os.path.join(pki, "demo-declarant.pem"), "-inkey", os.path.join(pki, "demo-declarant.key"),
                    "-out", os.path.join(folder, "payload.sig")], check=True)
    browser.find_element(By.NAME, "signature").send_keys(os.path.join(folder, "payload.sig"))
    click_and_wait("form[enctype='multipart/form-data'] button.primary")
    page = browser.page_source
    shot("registered")
    number = re.search(r"55201010/\d{6}/\d{7}", page)
    assert number and "Registered" in page, page[:2000]
    assert "IIN 850615300456" in page, page[:2000]
    print("signed with OpenSSL and registered through the portal:", number.group(0))
    # Its invoice (1,200.50 USD of laptops: duty 0 %, VAT 16 %, the fee), then paying it: the trader's
    # advance account starts empty, so the portal says so.
    assert "KRN" in page and "import VAT" in page and "customs fee" in page, page[:3000]
    shot("invoice")
    click_and_wait("form[action$='/pay'] button.primary")
    assert "does not hold enough" in browser.page_source, browser.page_source[:2000]
    browser.get(base + "/account")
    assert "Advance account" in browser.page_source and "No movements yet." in browser.page_source
    shot("account")
    print("the invoice is shown with its lines; paying from an empty advance account is refused in words")
finally:
    browser.quit()

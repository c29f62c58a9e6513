"""Simulated practitioners for `make loadtest` (tests/load/run.py starts everything).

Each simulated person signs in with their password and authenticator code, then reads their
cases, a child's page and a conversation, and saves a section of their own conversation
("What worries me") with text that is new each time. Every save the server confirms is written
down, so that run.py can count afterwards that each one is in the database.
"""

import itertools
import json
import os
import random
import re

from django_otp.oath import totp
from locust import HttpUser, between, events, task

PEOPLE = json.loads(open(os.environ["LOADTEST_PEOPLE"]).read())  # noqa: SIM115
_unused = itertools.cycle(PEOPLE)
# Assessment id -> {"saves": confirmed saves, "last": the text of the last one}
LEDGER: dict[str, dict] = {}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'name="seen" value="([^"]*)"')


def _field(pattern, html: str) -> str:
    found = pattern.search(html)
    if not found:
        raise ValueError(f"no {pattern.pattern} on the page")
    return found.group(1)


class Practitioner(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.person = next(_unused)
        self.saves = itertools.count(1)
        page = self.client.get("/sign-in/", name="sign in")
        response = self.client.post(
            "/sign-in/",
            {
                "username": self.person["username"],
                "password": self.person["password"],
                "csrfmiddlewaretoken": _field(CSRF, page.text),
            },
            name="sign in",
        )
        code = f"{totp(bytes.fromhex(self.person['key'])):06d}"
        with self.client.post(
            "/sign-in/code/",
            {"code": code, "csrfmiddlewaretoken": _field(CSRF, response.text)},
            name="sign in: code",
            catch_response=True,
        ) as signed_in:
            if "/sign-in/" in signed_in.url:
                signed_in.failure("still on the sign-in pages")

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/sign-in/" in (response.url or ""):
                response.failure(response.error or f"{response.status_code} at {response.url}")
            return response

    @task(3)
    def my_cases(self):
        self._get("/children/", "my cases")

    @task(3)
    def child_page(self):
        self._get(f"/children/{random.choice(self.person['children'])}/", "child page")

    @task(2)
    def conversation(self):
        self._get(f"/children/conversations/{self.person['assessment']}/", "conversation")

    @task(2)
    def save_a_section(self):
        url = f"/children/conversations/{self.person['assessment']}/what-worries-me/"
        page = self._get(url, "section")
        text = f"Save {next(self.saves)} by {self.person['username']}: I worry about Mum."
        form = {
            "worries": text,
            "seen": _field(SEEN, page.text),
            "csrfmiddlewaretoken": _field(CSRF, page.text),
            "continue": "",
        }
        with self.client.post(
            url, form, name="section save", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"save answered {response.status_code}")
                return
            entry = LEDGER.setdefault(self.person["assessment"], {"saves": 0, "last": ""})
            entry["saves"] += 1
            entry["last"] = text


@events.quitting.add_listener
def _write_ledger(environment, **kwargs):
    with open(os.environ["LOADTEST_LEDGER"], "w") as ledger:
        json.dump(LEDGER, ledger)

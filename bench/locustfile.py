"""The load test's people (run by bench/load.py, which prepares their accounts).

- Visitors browse the Local Offer without signing in: the home page, searches with and
  without filters, and service pages.
- Parents sign in, look at their child's indicative budget and support plan, and change
  a line of the plan and save it (each parent has a plan of their own).
- A few parents check their plan and send it.
- The baseline user asks the minimal Flask page for 20 rows, for the ratio.

Each person comes from an address of their own (X-Forwarded-For, trusted as from one
load balancer), as families do, so the per-address sign-in limit is not what is tested.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

from bench.forms import read_form, replaced

PEOPLE = json.loads(os.environ.get("LOAD_PEOPLE", '{"parents": [], "senders": []}'))
_parents = itertools.cycle(PEOPLE["parents"] or [None])
_senders = itertools.cycle(PEOPLE["senders"] or [None])
_addresses = itertools.count(1)
SEARCHES = [
    "/services?q=swimming",
    "/services?q=autism+club",
    "/services?q=short+breaks&sort=cost",
    "/services?category=short-breaks",
    "/services?q=personal+assistant&free=1",
    "/services?postcode=BK1+2AB&radius=5",
    "/services?q=holiday&page=2",
]


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    def browse(self) -> None:
        page = self.client.get(random.choice(SEARCHES), name="/services?…")
        ids = [
            int(part.split('"')[0])
            for part in page.text.split('href="/services/')[1:4]
            if part.split('"')[0].isdigit()
        ]
        if ids:
            self.client.get(f"/services/{random.choice(ids)}", name="/services/[id]")

    def sign_in(self, email: str, password: str) -> None:
        _action, fields = read_form(self.client.get("/sign-in").text)
        response = self.client.post(
            "/sign-in", data=replaced(fields, email=email, password=password), name="/sign-in"
        )
        if "/sign-in" in response.url:
            response.failure("could not sign in")


class Visitor(Person):
    weight = 5

    @task(1)
    def home(self) -> None:
        self.client.get("/")

    @task(4)
    def search_and_open(self) -> None:
        self.browse()


class Parent(Person):
    weight = 4

    def on_start(self) -> None:
        super().on_start()
        self.me = next(_parents)
        self.sign_in(self.me["email"], self.me["password"])

    @task(2)
    def budget(self) -> None:
        self.client.get(f"/budget/assessments/{self.me['assessment_id']}", name="/budget/[id]")

    @task(2)
    def plan(self) -> None:
        self.client.get(f"/plans/{self.me['plan_id']}", name="/plans/[id]")

    @task(3)
    def change_a_line(self) -> None:
        path = f"/plans/{self.me['plan_id']}/support/{self.me['line_id']}"
        page = self.client.get(path, name="/plans/[id]/support/[line]")
        action, fields = read_form(page.text)
        quantity = str(random.choice([2, 3, 4, 5]))
        with self.client.post(
            action or path,
            data=replaced(fields, quantity=quantity),
            name="/plans/[id]/support/[line] save",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/support/" in response.url:
                response.failure(f"the line was not saved ({response.status_code})")

    @task(1)
    def search(self) -> None:
        self.browse()


class Sender(Person):
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.me = next(_senders)
        self.sign_in(self.me["email"], self.me["password"])
        self.sent = False

    @task
    def check_and_send(self) -> None:
        path = f"/plans/{self.me['plan_id']}/check"
        page = self.client.get(path, name="/plans/[id]/check")
        if self.sent or 'value="send"' not in page.text:
            self.client.get(f"/plans/{self.me['plan_id']}", name="/plans/[id]")
            return
        action, fields = read_form(page.text)
        self.client.post(
            action or path, data=fields + [("then", "send")], name="/plans/[id]/check send"
        )
        self.sent = True


class Baseline(HttpUser):
    wait_time = between(1, 3)

    @task
    def twenty_rows(self) -> None:
        self.client.get("/")

"""100 assistants doing the morning routine (used by bench/load.py): open the round, the board of a
workshop, tap attendance, look at the payout list and a worker's card. Every tap's client UUID that the
server confirmed (Dagdeel-Applied) is written to bench/out/load-applied.txt, to check against the database.

With several servers (BENCH_HOSTS) each request goes to the next one, as a reverse proxy without sticky
sessions sends them: an assistant logs in on one server, and taps with that session's CSRF token on another."""
import itertools
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

WORKSHOPS = [int(w) for w in os.environ["BENCH_WORKSHOPS"].split(",")]
DAY = os.environ["BENCH_DAY"]
APPLIED: list[str] = []
USERS = iter(range(100_000))
HOSTS = [h for h in os.environ.get("BENCH_HOSTS", "").split(",") if h]


class Assistant(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        n = next(USERS)
        # each assistant starts on another server, then takes the next one for every request
        self.hosts = itertools.cycle(HOSTS[n % len(HOSTS):] + HOSTS[:n % len(HOSTS)]) if HOSTS else itertools.repeat("")
        n %= 100
        self.client.post(self._at("/inloggen"), data={"email": f"bench{n:03d}@dagdeel.test", "password": "bench-assistent-1",
                                            "csrf_token": self._token("/inloggen")}, name="/inloggen")
        self.workshop = random.choice(WORKSHOPS)

    def _at(self, path: str) -> str:
        """The address of the next server for this request (the path alone with one server)."""
        return next(self.hosts) + path

    def _token(self, url: str) -> str:
        page = self.client.get(self._at(url), name=url.split("?")[0]).text
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', page)
        return (found.group(1) or found.group(2)) if found else ""

    @task
    def morning(self):
        self.client.get(self._at("/ronde/"), name="/ronde/")
        board = self.client.get(self._at(f"/werkvloer/{self.workshop}?datum={DAY}"), name="/werkvloer/[id]").text
        token = re.search(r'"X-CSRFToken": "([^"]+)"', board)
        # people on the board, not the stand-in row inside <template> that app.js fills in offline
        workers = [w for w in re.findall(r'id="row-(\d+)"', board) if w != os.environ["BENCH_PLACEHOLDER"]]
        block = re.search(r'name="blok" value="(\d+)"', board)
        for _ in range(3):
            if not (workers and block and token):
                break
            client_id = str(uuid.uuid4())
            response = self.client.post(self._at(f"/werkvloer/{self.workshop}/markeren"), name="tap",
                                        headers={"HX-Request": "true", "X-CSRFToken": token.group(1)},
                                        data={"worker_id": random.choice(workers), "status": random.choice(["aanwezig", "te_laat"]),
                                              "blok": block.group(1), "datum": DAY, "client_id": client_id})
            if response.headers.get("Dagdeel-Applied") == client_id:
                APPLIED.append(client_id)
        self.client.get(self._at(f"/uitbetaling/?datum={DAY}"), name="/uitbetaling/")
        if workers:
            self.client.get(self._at(f"/medewerkers/{random.choice(workers)}"), name="/medewerkers/[id]")


@events.test_stop.add_listener
def save(**kwargs):
    Path(os.environ["BENCH_APPLIED"]).write_text("\n".join(APPLIED))

"""Two phones on two servers at the same moment (used by bench/load.py), and the login limit they share.

For each worker, two assistants' phones, each talking to another server, tap the worker present at the same
moment (the first tap of the day: both insert the day's record) and then pay the same worker for the same day
at the same moment. Online, the database lets one payout count and the other phone is refused (a Dutch 422);
offline (both taps made before either payout reached a server), one counts and the other is kept as a flagged
duplicate. The database side is checked by bench/load.py."""
import re
import threading
import uuid

import requests

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')
PASSWORD = "bench-assistent-1"


def token(page: str) -> str:
    """The CSRF token a page carries."""
    found = TOKEN.search(page)
    return (found.group(1) or found.group(2)) if found else ""


class Phone:
    """One assistant's phone, talking to one server (a reverse proxy would pick it)."""

    def __init__(self, host: str, email: str, day: str):
        self.host, self.http = host, requests.Session()
        self.http.post(f"{host}/inloggen", data={"email": email, "password": PASSWORD,
                                                   "csrf_token": token(self.http.get(f"{host}/inloggen").text)})
        answer = self.http.get(f"{host}/uitbetaling/?datum={day}", allow_redirects=False)
        if answer.status_code != 200:
            raise RuntimeError(f"{email} could not log in on {host}: {answer.status_code}")
        self.token = token(answer.text)

    def post(self, path: str, data: dict) -> dict:
        """Send one write as the phone's queue does (htmx, a client UUID); what came back."""
        data = {**data, "client_id": str(uuid.uuid4())}
        try:
            answer = self.http.post(f"{self.host}{path}", data=data, timeout=60,
                                    headers={"HX-Request": "true", "X-CSRFToken": self.token})
        except requests.RequestException as error:
            return {"status": 0, "client_id": data["client_id"], "applied": False, "error": str(error)}
        return {"status": answer.status_code, "client_id": data["client_id"],
                "applied": answer.headers.get("Dagdeel-Applied") == data["client_id"]}


def at_once(phones: list[Phone], path: str, data: dict) -> list[dict]:
    """Both phones send the same write at the same moment."""
    start, answers = threading.Barrier(len(phones)), [None] * len(phones)

    def send(i: int) -> None:
        start.wait()
        answers[i] = phones[i].post(path, data)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(phones))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def duel(hosts: list[str], emails: tuple[str, str], day: str, workshop: int, block: int, workers: list[int],
         offline_at: str | None = None) -> list[dict]:
    """Per worker: both phones tap present, then both pay the day (offline: as taps made at `offline_at`)."""
    phones = [Phone(hosts[i % len(hosts)], email, day) for i, email in enumerate(emails)]
    results = []
    for worker in workers:
        taps = at_once(phones, f"/werkvloer/{workshop}/markeren",
                       {"worker_id": worker, "status": "aanwezig", "blok": block, "datum": day})
        payment = {"worker_id": worker, "programme": "lnw", "unit": day, "voucher_type": "slaaphuis"}
        if offline_at:
            payment |= {"offline": "1", "device_at": offline_at}
        pays = at_once(phones, "/uitbetaling/betalen", payment)
        results.append({"worker": worker, "taps": taps, "pays": pays})
    return results


def lockout(hosts: list[str], email: str, attempts: int = 6) -> list[int]:
    """Wrong passwords for one account, each on the next server: the statuses (429 once the shared limit is hit)."""
    http = requests.Session()
    statuses = []
    for n in range(attempts):
        host = hosts[n % len(hosts)]
        sent = {"email": email, "password": "wrong", "csrf_token": token(http.get(f"{host}/inloggen").text)}
        statuses.append(http.post(f"{host}/inloggen", data=sent).status_code)
    return statuses

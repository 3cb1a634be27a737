"""Simulated failures for the browser journeys, registered on the test server only (production holds no hooks).

A journey appends to `app.config["FAULTS"]`; the next write is answered with that failure: "500" or "401" (as
that status), "portal" (a captive portal's 200 login page, without Dagdeel-Applied), or "slow" (the write is
applied, then answered later than the phone waits, `SLOW_SECONDS`); "slow_page" answers the next page load (a GET
of HTML) `SLOW_SECONDS` late.
"""
import time

from flask import Flask, current_app, request

from webapp.offline.replay import HEADER


def init_app(app: Flask) -> None:
    """Answer the next write with the fault the journey queued."""
    app.before_request(fail_before)
    app.after_request(answer_late)


def fail_before():
    """A 500, a 401 or a captive portal's 200 instead of the write (a "slow" fault waits for the answer)."""
    faults = current_app.config.get("FAULTS")
    if not faults or request.method != "POST" or faults[0] == "slow":
        return None
    fault = faults.pop(0)
    if fault == "portal":
        return "<html><body><h1>Welkom op de gastenwifi</h1><p>Accepteer de voorwaarden.</p></body></html>", 200
    return f"simulated {fault}", int(fault)


def answer_late(response):
    """An applied write, answered so late that the phone gives up waiting; or a page, answered late."""
    faults = current_app.config.get("FAULTS")
    if faults and faults[0] == "slow_page" and request.method == "GET" and response.mimetype == "text/html":
        faults.pop(0)
        time.sleep(current_app.config.get("SLOW_SECONDS", 3))
        return response
    if faults and faults[0] == "slow" and request.method == "POST" and response.headers.get(HEADER):
        faults.pop(0)
        time.sleep(current_app.config.get("SLOW_SECONDS", 3))
    return response

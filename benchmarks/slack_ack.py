"""Benchmark 5: how fast `POST /slack/events` acknowledges signed requests under a steady load.

A running `consultbot run` (benchmarks.service) gets signed requests from a client on 127.0.0.1 at
`slack_rate` per second for `slack_seconds`, open loop (each request leaves on its schedule, whatever
the earlier ones are doing): button presses (block_actions, form-encoded) and direct messages
(event_callback, JSON) from invited delegates, alternating. Each is acknowledged at once and then
answered in the background (engine, SQLite, the fake Web API), so that work runs while the
acknowledgements are timed. Beside it: forged requests (bad signature, 401) at the same rate first,
the cost of the HTTP stack and the signature check alone.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
from typing import Any
from urllib.parse import quote

import aiohttp
from slack_sdk.signature import SignatureVerifier

from benchmarks.harness import Figure, Run
from benchmarks.service import ROOT, SIGNING_SECRET, running

NAME = "slack"
FIXTURES = ROOT / "tests" / "fixtures" / "slack"
TARGET_P99 = 0.100  # seconds
ROUND = "a61-583"
REFS = ("CL-1", "CL-2", "CL-3", "CL-4", "CL-5", "CL-6")


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


class Requests:
    """Signed Slack requests from the benchmark's delegates, alternating presses and messages."""

    def __init__(self, users: list[tuple[str, str]], secret: str = SIGNING_SECRET) -> None:
        self.users = users
        self.verifier = SignatureVerifier(secret)
        self.press_template = _fixture("block_actions")
        self.message_template = _fixture("message_im")
        self.ids = itertools.count(1)

    def build(self, i: int) -> tuple[str, str]:
        """(body, content type) of request i."""
        account, chat = self.users[i % len(self.users)]
        user = account.split(":", 1)[1]
        n = next(self.ids)
        if i % 2 == 0:
            body = json.loads(json.dumps(self.press_template))
            ref = REFS[(i // (2 * len(self.users))) % len(REFS)]
            ts = f"1800000000.{n:06d}"
            body["user"]["id"] = user
            body["container"] |= {"message_ts": ts, "channel_id": chat}
            body["channel"]["id"] = chat
            body["message"]["ts"] = ts
            action = body["actions"][0]
            action |= {"value": f"p:{ROUND}:{ref}:s", "action_ts": f"1800000101.{n:06d}"}
            body["trigger_id"] = f"trigger-{n}"
            return "payload=" + quote(json.dumps(body)), "application/x-www-form-urlencoded"
        event = json.loads(json.dumps(self.message_template))
        event["event"] |= {"text": "status", "user": user, "channel": chat, "ts": f"1800000100.{n:06d}"}
        event["event_id"] = f"EvBench{n}"
        return json.dumps(event), "application/json"

    def headers(self, body: str, content_type: str, *, forged: bool = False) -> dict[str, str]:
        """Slack's signature headers for the body (a wrong signature if `forged`)."""
        timestamp = str(int(time.time()))
        signed = self.verifier.generate_signature(timestamp=timestamp, body=body)  # None only without either
        signature = "v0=" + "0" * 64 if forged or signed is None else signed
        return {"content-type": content_type, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature}


async def load(
    url: str, requests: Requests, *, rate: float, seconds: float, forged: bool, bench: Run
) -> tuple[list[float], list[int], float]:
    """Send rate × seconds requests on schedule; latencies (s), statuses, achieved rate."""
    total = max(1, int(rate * seconds))
    latencies: list[float] = []
    statuses: list[int] = []
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(i: int) -> None:
            body, content_type = requests.build(i)
            headers = requests.headers(body, content_type, forged=forged)
            sent = time.perf_counter()
            async with session.post(url, data=body.encode(), headers=headers) as response:
                await response.read()
            latencies.append(time.perf_counter() - sent)
            statuses.append(response.status)
            bench.advance()

        tasks = []
        start = time.perf_counter()
        for i in range(total):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        achieved = total / (time.perf_counter() - start)
    return latencies, statuses, achieved


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


async def run(bench: Run) -> None:
    """Forged requests first (the floor), then signed presses and messages; p50 and p99 of each."""
    rate, seconds = bench.sizes.slack_rate, bench.sizes.slack_seconds
    async with running() as service:
        users = service.add_delegates(max(50, int(rate * seconds / 4)), channel="slack", first_id=900_000)
        requests = Requests(users)
        url = f"{service.http}/slack/events"
        floor_seconds = max(1.0, seconds / 4)
        bench.phase("slack: forged requests (401), the floor", total=int(rate * floor_seconds))
        forged, forged_status, _ = await load(url, requests, rate=rate, seconds=floor_seconds, forged=True, bench=bench)
        bench.phase(f"slack: {rate:g} signed requests/s for {seconds:g} s", total=int(rate * seconds))
        signed, statuses, achieved = await load(url, requests, rate=rate, seconds=seconds, forged=False, bench=bench)
        await asyncio.sleep(1)
        posted = len([c for c in service.slack.calls if c.method == "chat.postMessage"])
    bad = [s for s in statuses if s != 200]
    if bad or set(forged_status) != {401}:
        raise RuntimeError(f"unexpected statuses: signed {sorted(set(statuses))}, forged {sorted(set(forged_status))}")
    p50, p99 = percentile(signed, 50), percentile(signed, 99)
    f50, f99 = percentile(forged, 50), percentile(forged, 99)
    bench.details[NAME] = {
        "rate": rate,
        "achieved_rate": achieved,
        "seconds": seconds,
        "requests": len(signed),
        "mix": "block_actions presses and message.im events, alternating, from invited delegates",
        "p50_ms": p50 * 1e3,
        "p90_ms": percentile(signed, 90) * 1e3,
        "p99_ms": p99 * 1e3,
        "max_ms": max(signed) * 1e3,
        "mean_ms": statistics.fmean(signed) * 1e3,
        "forged_p50_ms": f50 * 1e3,
        "forged_p99_ms": f99 * 1e3,
        "web_api_posts_seen": posted,
    }
    bench.add(
        Figure(
            NAME, f"ack p50 at {rate:g} req/s", p50 * 1e3, "ms", baseline="forged (401) p50", baseline_value=f50 * 1e3,
            ratio=p50 / f50, ratio_label="of forged",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, f"ack p99 at {rate:g} req/s", p99 * 1e3, "ms", baseline="forged (401) p99", baseline_value=f99 * 1e3,
            ratio=p99 / f99, ratio_label="of forged", target=f"< {TARGET_P99 * 1e3:g} ms", met=p99 < TARGET_P99,
            note=f"{len(signed):,} requests, {achieved:.0f}/s achieved; answers posted meanwhile: {posted:,}",
        )
    )  # fmt: skip

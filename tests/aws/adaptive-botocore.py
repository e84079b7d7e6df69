#!/usr/bin/python3
# adaptive-botocore.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Replays a timeline through botocore's own adaptive retry classes (ClientRateLimiter,
# TokenBucket, RateClocker, CubicCalculator) on a fake clock, for test-retry.c to compare
# with sw-aws-retry.c. Reads {"start": SECONDS, "events": [...]} on standard input; each
# event is {"op": "advance", "dt": SECONDS}, {"op": "send"} (takes a token, sleeping on the
# fake clock as long as the bucket says), {"op": "ok"} or {"op": "throttle"} (an answer).
# Writes one JSON object per event: the waits of a send; the limiter's state after an answer.

import json
import math
import sys

from botocore.exceptions import CapacityNotAvailableError
from botocore.retries import adaptive, bucket, throttling


class FakeClock:
    def __init__(self, now):
        self.now = now

    def current_time(self):
        return self.now

    def sleep(self, amount):
        # The bucket can ask for a wait too short to move a time of about 1000 s (its refill
        # leaves 1 − 1e-16 tokens): step to the next time there is, as test-retry.c does.
        later = self.now + amount
        self.now = later if later > self.now else math.nextafter(self.now, math.inf)


class Detector:
    throttled = False

    def is_throttling_error(self, **kwargs):
        return self.throttled


def main():
    timeline = json.load(sys.stdin)
    clock = FakeClock(timeline["start"])
    # As adaptive.register_retry_handler() builds them.
    cubic = throttling.CubicCalculator(starting_max_rate=0, start_time=clock.current_time())
    token_bucket = bucket.TokenBucket(max_rate=1, clock=clock)
    clocker = adaptive.RateClocker(clock)
    detector = Detector()
    limiter = adaptive.ClientRateLimiter(
        rate_adjustor=cubic,
        rate_clocker=clocker,
        token_bucket=token_bucket,
        throttling_detector=detector,
        clock=clock,
    )
    out = []
    for event in timeline["events"]:
        op = event["op"]
        if op == "advance":
            clock.sleep(event["dt"])
            out.append({"time": clock.now})
        elif op == "send":
            # on_sending_request() without the real-time wait of the blocking acquire: the
            # same refill and sleep amount, slept on the fake clock.
            waits = []
            if limiter._enabled:
                while True:
                    try:
                        token_bucket.acquire(1, block=False)
                        break
                    except CapacityNotAvailableError:
                        wait = token_bucket._sleep_amount(1)
                        waits.append(wait)
                        clock.sleep(wait)
            out.append({"time": clock.now, "waits": waits})
        else:
            detector.throttled = op == "throttle"
            limiter.on_receiving_response()
            params = cubic.get_params_snapshot()
            out.append({
                "time": clock.now,
                "measured_rate": clocker.measured_rate,
                "fill_rate": token_bucket.max_rate,
                "max_capacity": token_bucket.max_capacity,
                "capacity": token_bucket.available_capacity,
                "w_max": params.w_max,
                "k": params.k,
                "last_fail": params.last_fail,
            })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

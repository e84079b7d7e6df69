#!/usr/bin/python3
# sigv4-botocore.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Signs the requests test-sigv4 generates with botocore's own signer and prints what it
# computed. Input on stdin: a JSON array of requests; output: a JSON array of results.
# The signing time is set in the request context, as botocore's add_auth() does, so the
# signer's steps run exactly as in botocore without a clock.

import base64
import json
import sys

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(spec):
    request = AWSRequest(
        method=spec["method"],
        url=spec["url"],
        data=base64.b64decode(spec["body"]),
        params=dict(spec["params"]),
    )
    for name, value in spec["headers"]:
        request.headers[name] = value  # appends: repeated names stay repeated
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    if spec["presign"]:
        auth = SigV4QueryAuth(credentials, spec["service"], spec["region"], spec["expires"])
    else:
        auth = SigV4Auth(credentials, spec["service"], spec["region"])
    request.context["timestamp"] = spec["timestamp"]
    auth._modify_request_before_signing(request)
    canonical_request = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical_request)
    signature = auth.signature(string_to_sign, request)
    auth._inject_signature_to_request(request, signature)
    return {
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": request.headers.get("Authorization"),
    }


def main():
    specs = json.load(sys.stdin)
    json.dump([sign(spec) for spec in specs], sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# peer-boto3.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boto3 (Debian's python3-boto3) against the local endpoint named by SW_ENDPOINT: create,
# start, describe, page the history, stop another, and the service's error types.

import json
import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

endpoint = os.environ["SW_ENDPOINT"]
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1")
PASS = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 1},
                                         "ResultPath": "$.r", "Next": "B"},
                                   "B": {"Type": "Succeed"}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1000, "End": True}}}
ROLE = "arn:aws:iam::123456789012:role/r"


def check(condition, what):
    if not condition:
        print("boto3 peer: FAILED: " + what)
        sys.exit(1)


machine = sfn.create_state_machine(name="Boto", definition=json.dumps(PASS), roleArn=ROLE)
arn = machine["stateMachineArn"]
check(arn.endswith(":stateMachine:Boto"), "machine ARN " + arn)
check(machine["creationDate"].year >= 2024, "creationDate parsed as a datetime")

described = sfn.describe_state_machine(stateMachineArn=arn)
check(json.loads(described["definition"]) == PASS, "definition kept")
check(described["type"] == "STANDARD", "default type")

run = sfn.start_execution(stateMachineArn=arn, name="boto-run", input=json.dumps({"n": 3}))
for _ in range(500):
    execution = sfn.describe_execution(executionArn=run["executionArn"])
    if execution["status"] != "RUNNING":
        break
    time.sleep(0.01)
check(execution["status"] == "SUCCEEDED", "status " + execution["status"])
check(json.loads(execution["output"]) == {"n": 3, "r": {"x": 1}}, "output")
check(execution["stopDate"] >= execution["startDate"], "dates")

paginator = sfn.get_paginator("get_execution_history")
pages = list(paginator.paginate(executionArn=run["executionArn"],
                                PaginationConfig={"PageSize": 2}))
check(len(pages) == 3, "3 pages of 2, got %d" % len(pages))
events = [event for page in pages for event in page["events"]]
check([event["id"] for event in events] == [1, 2, 3, 4, 5, 6], "event ids")
check(events[0]["type"] == "ExecutionStarted" and events[-1]["type"] == "ExecutionSucceeded",
      "event types")
newest = sfn.get_execution_history(executionArn=run["executionArn"], reverseOrder=True,
                                   maxResults=1, includeExecutionData=False)
check(newest["events"][0]["type"] == "ExecutionSucceeded", "reverse order")
check("output" not in newest["events"][0]["executionSucceededEventDetails"],
      "includeExecutionData=False drops the output")

waiter = sfn.create_state_machine(name="BotoWait", definition=json.dumps(WAIT), roleArn=ROLE)
long_run = sfn.start_execution(stateMachineArn=waiter["stateMachineArn"], name="long")
stopped = sfn.stop_execution(executionArn=long_run["executionArn"], error="E", cause="boto3")
check(stopped["stopDate"].year >= 2024, "stopDate")
execution = sfn.describe_execution(executionArn=long_run["executionArn"])
check(execution["status"] == "ABORTED", "stopped: " + execution["status"])

try:
    sfn.describe_execution(executionArn=arn.replace(":stateMachine:Boto", ":execution:Boto:no"))
    check(False, "unknown execution accepted")
except sfn.exceptions.ExecutionDoesNotExist as error:
    check("Execution Does Not Exist" in str(error), "message")

try:
    sfn.create_state_machine(name="Broken", definition='{"StartAt": "X", "States": {}}',
                             roleArn=ROLE)
    check(False, "invalid definition accepted")
except sfn.exceptions.InvalidDefinition:
    pass

try:
    sfn.start_execution(stateMachineArn=arn, name="boto-run", input="{}")
    check(False, "reused name accepted")
except sfn.exceptions.ExecutionAlreadyExists:
    pass

# StartSyncExecution goes to the "sync-" host on AWS; a local endpoint needs the prefix off,
# as with Step Functions Local.
sync = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                    config=botocore.config.Config(inject_host_prefix=False))
express = sfn.create_state_machine(name="BotoExpress", definition=json.dumps(PASS),
                                   roleArn=ROLE, type="EXPRESS")
result = sync.start_sync_execution(stateMachineArn=express["stateMachineArn"],
                                   input=json.dumps({"s": 1}))
check(result["status"] == "SUCCEEDED", "sync status " + result["status"])
check(json.loads(result["output"]) == {"s": 1, "r": {"x": 1}}, "sync output")
check(result["billingDetails"]["billedDurationInMilliseconds"] >= 0, "billing details")

listed = sfn.list_state_machines()
check(sorted(m["name"] for m in listed["stateMachines"]) == ["Boto", "BotoExpress", "BotoWait"],
      "list")

print("boto3 peer: ok")

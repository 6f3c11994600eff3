"""Writes the ASL conformance corpus (Cases/*.json). Edit the cases here, run `python3 generate_cases.py`, commit both."""
import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Cases")
FN = "arn:aws:lambda:us-east-1:123456789012:function:"
WFT = "arn:aws:states:::lambda:invoke.waitForTaskToken"
cases = {}

TOKENS = "aws-local-stepfunctions 3.0.0 has no task tokens, callbacks or heartbeats"
TOLERATED = "aws-local-stepfunctions 3.0.0 does not support ToleratedFailureCount/Percentage"
NOTES = {
    "context-object": "aws-local-stepfunctions 3.0.0 has a partial context object (no $$.State.Name)",
    "data-limit-not-caught-by-states-all": "aws-local-stepfunctions 3.0.0 has no 256 KiB limit",
    "intrinsic-failure-is-catchable": "aws-local-stepfunctions 3.0.0 does not fail States.ArrayGetItem for an index outside the array",
    "intrinsic-math-add-rounds": "aws-local-stepfunctions 3.0.0 does not round MathAdd arguments to integers as the guide says",
    "intrinsic-range-limit": "aws-local-stepfunctions 3.0.0 names this error States.Runtime; the guide names intrinsic errors States.IntrinsicFailure",
    "parameters-path-failure": "aws-local-stepfunctions 3.0.0 names this error States.Runtime; the guide names it States.ParameterPathFailure",
    "resultpath-into-non-object-fails": "aws-local-stepfunctions 3.0.0 overwrites the non-object value instead of failing with States.ResultPathMatchFailure",
    "execution-timeout": "aws-local-stepfunctions 3.0.0 can only zero Wait states, so an execution timeout cannot be compared without sleeping",
    "parallel-failure-stops-waiting-branch": TOKENS, "callback-success": TOKENS, "callback-failure-caught": TOKENS, "callback-timeout": TOKENS,
    "heartbeat-expiry": TOKENS, "timeout-seconds-path": TOKENS, "taskfailed-does-not-match-timeout": TOKENS,
    "map-tolerated-failure-count": TOLERATED, "map-tolerated-failure-count-exceeded": TOLERATED,
    "map-tolerated-failure-percentage": TOLERATED, "map-tolerated-failure-percentage-exceeded": TOLERATED,
}
def case(name, description, definition, input=None, tasks=None, expected=None, differential=True, transitions=None, advanceSeconds=None, knownDifference=None):
    c = {"description": description, "differential": differential, "definition": definition, "input": input if input is not None else {}}
    if tasks: c["tasks"] = tasks
    if advanceSeconds: c["advanceSeconds"] = advanceSeconds
    knownDifference = knownDifference or NOTES.get(name)
    if knownDifference: c["knownDifference"] = knownDifference
    assert differential or knownDifference, f"{name}: a case left out of the differential test needs a knownDifference note"
    assert not (differential and knownDifference), f"{name}: a differential case cannot have a knownDifference"
    c["expected"] = expected
    if transitions is not None: c["expected"]["stateTransitions"] = transitions
    cases[name] = c
def ok(output): return {"status": "SUCCEEDED", "output": output}
def failed(error, cause=None):
    d = {"status": "FAILED", "error": error}
    if cause is not None: d["cause"] = cause
    return d
def sm(states, start=None, **kw):
    d = {"StartAt": start or next(iter(states)), "States": states}
    d.update(kw); return d
def task(name, **kw):
    d = {"Type": "Task", "Resource": FN + name}; d.update(kw); return d

# ---------- Pass and input/output processing ----------
case("pass-result-into-resultpath", "Pass: Result placed at ResultPath merges into the input",
     sm({"P": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": True}}),
     {"a": 1}, expected=ok({"a": 1, "r": {"x": 1}}), transitions=1)
case("pass-no-result-passes-input", "Pass without Result or Parameters passes its input through",
     sm({"P": {"Type": "Pass", "End": True}}), {"a": [1, 2]}, expected=ok({"a": [1, 2]}))
case("pass-parameters-paths", "Parameters: .$ keys select from the effective input; others are copied, nested objects and arrays too",
     sm({"P": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"copied": "v", "sel.$": "$.x", "nested": {"arr": [{"y.$": "$.y"}, 3]}}, "End": True}}),
     {"in": {"x": "X", "y": [True]}}, expected=ok({"copied": "v", "sel": "X", "nested": {"arr": [{"y": [True]}, 3]}}))
case("pass-result-wins-over-parameters", "Pass with Parameters and Result: the Result is the state's result",
     sm({"P": {"Type": "Pass", "Parameters": {"p.$": "$.a"}, "Result": {"r": 1}, "ResultPath": "$.out", "End": True}}),
     {"a": 1}, expected=ok({"a": 1, "out": {"r": 1}}))
case("resultpath-null-discards-result", "ResultPath null keeps the input and discards the result",
     sm({"P": {"Type": "Pass", "Result": "ignored", "ResultPath": None, "End": True}}), {"keep": True}, expected=ok({"keep": True}))
case("resultpath-dollar-replaces-input", "ResultPath $ (the default) replaces the input with the result",
     sm({"P": {"Type": "Pass", "Result": "only", "ResultPath": "$", "End": True}}), {"gone": 1}, expected=ok("only"), differential=False,
     knownDifference="aws-local-stepfunctions 3.0.0 writes the result into a field named '$' instead of replacing the input")
case("resultpath-creates-intermediate-objects", "ResultPath creates the missing objects on its way",
     sm({"P": {"Type": "Pass", "Result": 7, "ResultPath": "$.a.b.c", "End": True}}), {"z": 0}, expected=ok({"z": 0, "a": {"b": {"c": 7}}}))
case("resultpath-overwrites-existing-field", "ResultPath overwrites an existing field entirely (no deep merge)",
     sm({"P": {"Type": "Pass", "Result": {"new": 1}, "ResultPath": "$.a", "End": True}}), {"a": {"old": 1}, "b": 2}, expected=ok({"a": {"new": 1}, "b": 2}))
case("resultpath-into-non-object-fails", "ResultPath through a value that is not an object is States.ResultPathMatchFailure",
     sm({"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b", "End": True}}), {"a": "text"}, expected=failed("States.ResultPathMatchFailure"), differential=False)
case("resultpath-on-non-object-input-fails", "ResultPath $.x on an input that is an array is States.ResultPathMatchFailure",
     sm({"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.x", "End": True}}), [1, 2], expected=failed("States.ResultPathMatchFailure"))
case("inputpath-and-outputpath", "InputPath selects the effective input, OutputPath the output",
     sm({"P": {"Type": "Pass", "InputPath": "$.a", "Result": {"r": 1}, "ResultPath": "$.res", "OutputPath": "$.res", "End": True}}),
     {"a": {"b": 1}}, expected=ok({"r": 1}))
case("inputpath-null-is-empty-object", "InputPath null gives the state an empty object",
     sm({"P": {"Type": "Pass", "InputPath": None, "End": True}}), {"a": 1}, expected=ok({}))
case("outputpath-null-is-empty-object", "OutputPath null sends an empty object on",
     sm({"P": {"Type": "Pass", "OutputPath": None, "End": True}}), {"a": 1}, expected=ok({}))
case("inputpath-missing-field-fails", "An InputPath that selects nothing is States.Runtime",
     sm({"P": {"Type": "Pass", "InputPath": "$.missing", "End": True}}), {"a": 1}, expected=failed("States.Runtime"))
case("parameters-path-failure", "A Parameters path that selects nothing is States.ParameterPathFailure (catchable)",
     sm({"T": task("T", Parameters={"x.$": "$.missing"}, Catch=[{"ErrorEquals": ["States.ParameterPathFailure"], "ResultPath": "$.err", "Next": "Done"}], End=True),
         "Done": {"Type": "Pass", "OutputPath": "$.err.Error", "End": True}}),
     {"a": 1}, tasks={"T": [{"output": "never"}]}, expected=ok("States.ParameterPathFailure"), differential=False)
case("result-selector-then-resultpath", "ResultSelector shapes the raw task result before ResultPath",
     sm({"T": task("T", ResultSelector={"status.$": "$.StatusCode", "a.$": "$.Payload.a", "fixed": "f"}, ResultPath="$.result", End=True)}),
     {"in": 1}, tasks={"T": [{"output": {"StatusCode": 200, "Payload": {"a": [1, 2]}}}]},
     expected=ok({"in": 1, "result": {"status": 200, "a": [1, 2], "fixed": "f"}}))
case("jsonpath-indexes-slices-filters", "Paths with indexes, negative indexes, slices, wildcards and filters",
     sm({"P": {"Type": "Pass", "Parameters": {
         "first.$": "$.items[0].n", "slice.$": "$.items[1:3]", "names.$": "$.items[*].n",
         "big.$": "$.items[?(@.n > 1)].n", "quoted.$": "$['odd key']", "last.$": "$.items[-1:]"}, "End": True}}),
     {"items": [{"n": 1}, {"n": 2}, {"n": 3}], "odd key": "k"},
     expected=ok({"first": 1, "slice": [{"n": 2}, {"n": 3}], "names": [1, 2, 3], "big": [2, 3], "quoted": "k", "last": [{"n": 3}]}))
case("context-object", "The context object: execution input, state name, state machine name, retry count",
     sm({"Step": {"Type": "Pass", "Parameters": {"in.$": "$$.Execution.Input.x", "state.$": "$$.State.Name", "machine.$": "$$.StateMachine.Name", "retry.$": "$$.State.RetryCount"}, "End": True}}),
     {"x": "X"}, expected=ok({"in": "X", "state": "Step", "machine": "conformance", "retry": 0}), differential=False)

# ---------- Choice ----------
def choice(rules, default="No"):
    states = {"C": {"Type": "Choice", "Choices": [dict(r, Next="Yes") for r in rules], "Default": default},
              "Yes": {"Type": "Pass", "Result": "yes", "End": True}, "No": {"Type": "Pass", "Result": "no", "End": True}}
    return sm(states)
case("choice-comparisons", "Every literal comparison family: String, Numeric, Boolean, Timestamp",
     choice([{"And": [
         {"Variable": "$.s", "StringEquals": "abc"}, {"Variable": "$.s", "StringLessThan": "abd"}, {"Variable": "$.s", "StringGreaterThanEquals": "abc"},
         {"Variable": "$.n", "NumericEquals": 2}, {"Variable": "$.n", "NumericGreaterThan": 1.5}, {"Variable": "$.n", "NumericLessThanEquals": 2},
         {"Variable": "$.b", "BooleanEquals": False},
         {"Variable": "$.t", "TimestampLessThan": "2026-02-01T00:00:00Z"}, {"Variable": "$.t", "TimestampGreaterThanEquals": "2026-01-01T00:00:00Z"}]}]),
     {"s": "abc", "n": 2.0, "b": False, "t": "2026-01-15T10:00:00Z"}, expected=ok("yes"), transitions=2)
case("choice-and-or-not", "And/Or/Not combine rules; the first matching rule wins",
     sm({"C": {"Type": "Choice", "Choices": [
         {"Not": {"Variable": "$.n", "NumericGreaterThan": 0}, "Next": "Neg"},
         {"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "NumericEquals": 2}], "Next": "Small"},
         {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Big"}]},
         "Neg": {"Type": "Pass", "Result": "neg", "End": True}, "Small": {"Type": "Pass", "Result": "small", "End": True},
         "Big": {"Type": "Pass", "Result": "big", "End": True}}),
     {"n": 2}, expected=ok("small"))
case("choice-string-matches", "StringMatches: * is a wildcard, \\* a literal star",
     choice([{"Variable": "$.file", "StringMatches": "log-*.txt"}, {"Variable": "$.lit", "StringMatches": "a\\*b"}]),
     {"file": "log-2026-01.txt", "lit": "x"}, expected=ok("yes"))
case("choice-string-matches-escaped-star", "StringMatches with an escaped star matches only a literal star",
     choice([{"Variable": "$.lit", "StringMatches": "a\\*b"}]), {"lit": "a*b"}, expected=ok("yes"))
case("choice-string-matches-escaped-star-no-wildcard", "An escaped star is not a wildcard",
     choice([{"Variable": "$.lit", "StringMatches": "a\\*b"}]), {"lit": "axxb"}, expected=ok("no"))
case("choice-type-tests", "IsPresent, IsNull, IsNumeric, IsString, IsBoolean, IsTimestamp (true forms)",
     choice([{"And": [
         {"Variable": "$.present", "IsPresent": True}, {"Variable": "$.nul", "IsNull": True}, {"Variable": "$.num", "IsNumeric": True},
         {"Variable": "$.str", "IsString": True}, {"Variable": "$.bool", "IsBoolean": True}, {"Variable": "$.ts", "IsTimestamp": True}]}]),
     {"present": 0, "nul": None, "num": 3, "str": "s", "bool": True, "ts": "2026-01-01T00:00:00.123Z"}, expected=ok("yes"))
case("choice-type-tests-false-forms", "The type tests with false: a missing field is not present, a string is not a timestamp, a number not a string",
     choice([{"And": [
         {"Variable": "$.missing", "IsPresent": False}, {"Variable": "$.str", "IsTimestamp": False}, {"Variable": "$.num", "IsString": False},
         {"Variable": "$.str", "IsNull": False}]}]),
     {"num": 3, "str": "s"}, expected=ok("yes"), differential=False,
     knownDifference="aws-local-stepfunctions 3.0.0 treats a false operand of the Is* tests as if it were true")
case("choice-path-operands", "The ...Path operators compare with another field of the input",
     choice([{"And": [
         {"Variable": "$.a", "NumericLessThanPath": "$.b"}, {"Variable": "$.s1", "StringEqualsPath": "$.s2"},
         {"Variable": "$.t1", "TimestampLessThanPath": "$.t2"}, {"Variable": "$.f", "BooleanEqualsPath": "$.g"},
         {"Variable": "$.b", "NumericGreaterThanEqualsPath": "$.b"}]}]),
     {"a": 1, "b": 2, "s1": "x", "s2": "x", "t1": "2026-01-01T00:00:00Z", "t2": "2026-01-02T00:00:00Z", "f": True, "g": True}, expected=ok("yes"))
case("choice-type-mismatch-is-false", "Comparing values of the wrong type is false, not an error",
     choice([{"Variable": "$.n", "StringEquals": "1"}]), {"n": 1}, expected=ok("no"))
case("choice-default", "No rule matches: Default is taken",
     choice([{"Variable": "$.n", "NumericEquals": 5}]), {"n": 1}, expected=ok("no"))
case("choice-no-match-no-default", "No rule matches and no Default: States.NoChoiceMatched",
     sm({"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 5, "Next": "Y"}]}, "Y": {"Type": "Succeed"}}),
     {"n": 1}, expected=failed("States.NoChoiceMatched"))
case("choice-missing-variable", "A Variable that selects nothing (without IsPresent) is States.Runtime",
     choice([{"Variable": "$.missing", "StringEquals": "x"}]), {"n": 1}, expected=failed("States.Runtime"))
case("choice-input-output-path", "Choice applies InputPath and OutputPath",
     sm({"C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.v", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "Y"}]},
         "Y": {"Type": "Succeed"}}), {"in": {"v": 1}}, expected=ok(1))

# ---------- Wait, Succeed, Fail ----------
case("wait-all-forms", "Wait with Seconds, SecondsPath, Timestamp and TimestampPath passes the input on",
     sm({"W1": {"Type": "Wait", "Seconds": 10, "Next": "W2"}, "W2": {"Type": "Wait", "SecondsPath": "$.secs", "Next": "W3"},
         "W3": {"Type": "Wait", "Timestamp": "2026-01-01T01:00:00Z", "Next": "W4"}, "W4": {"Type": "Wait", "TimestampPath": "$.until", "OutputPath": "$.secs", "End": True}}),
     {"secs": 5, "until": "2026-01-02T00:00:00Z"}, expected=ok(5), transitions=4)
case("succeed-output-path", "Succeed ends the execution with its (filtered) input",
     sm({"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}), {"a": {"b": "done"}}, expected=ok("done"))
case("fail-error-and-cause", "Fail ends the execution with its Error and Cause",
     sm({"F": {"Type": "Fail", "Error": "Custom.Error", "Cause": "it broke"}}), {}, expected=failed("Custom.Error", "it broke"))
case("fail-error-path-cause-path", "Fail with ErrorPath and CausePath reads them from the input",
     sm({"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}), {"e": "Dyn.Error", "c": "dynamic cause"}, expected=failed("Dyn.Error", "dynamic cause"))

# ---------- Retry and Catch ----------
case("retry-then-succeed", "A task that fails twice then succeeds is retried (retries count as transitions)",
     sm({"T": task("T", Retry=[{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 3}], End=True)}),
     {}, tasks={"T": [{"error": "Flaky", "cause": "1"}, {"error": "Flaky", "cause": "2"}, {"output": "ok"}]}, expected=ok("ok"), transitions=3)
case("retry-exhausted-fails", "After MaxAttempts retries the error fails the execution",
     sm({"T": task("T", Retry=[{"ErrorEquals": ["Flaky"], "MaxAttempts": 2}], End=True)}),
     {}, tasks={"T": [{"error": "Flaky", "cause": "always"}]}, expected=failed("Flaky", "always"))
case("retry-max-attempts-zero", "MaxAttempts 0 never retries",
     sm({"T": task("T", Retry=[{"ErrorEquals": ["Flaky"], "MaxAttempts": 0}], End=True)}),
     {}, tasks={"T": [{"error": "Flaky", "cause": "first"}, {"output": "never"}]}, expected=failed("Flaky", "first"))
case("retry-first-matching-retrier-only", "Only the first matching retrier applies: when it is exhausted, later retriers are not consulted and Catch takes over",
     sm({"T": task("T", Retry=[{"ErrorEquals": ["ErrorA"], "MaxAttempts": 1}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],
                   Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Caught"}], End=True),
         "Caught": {"Type": "Pass", "OutputPath": "$.caught.Error", "End": True}}),
     {}, tasks={"T": [{"error": "ErrorA", "cause": "a1"}, {"error": "ErrorA", "cause": "a2"}, {"output": "never"}]}, expected=ok("ErrorA"))
case("retry-counts-per-retrier-across-errors", "The developer guide's scenario: ErrorA, ErrorB, ErrorC, ErrorB, ErrorB; the fifth error exhausts the first retrier and is caught",
     sm({"X": task("X", Retry=[{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                              {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
                   Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Z"}], End=True),
         "Z": {"Type": "Pass", "OutputPath": "$.Cause", "End": True}}),
     {}, tasks={"X": [{"error": "ErrorA", "cause": "1"}, {"error": "ErrorB", "cause": "2"}, {"error": "ErrorC", "cause": "3"},
                      {"error": "ErrorB", "cause": "4"}, {"error": "ErrorB", "cause": "5"}, {"output": "never"}]},
     expected=ok("4"))
case("catch-resultpath-keeps-input", "A catcher's ResultPath adds the error output {Error, Cause} to the input",
     sm({"T": task("T", Catch=[{"ErrorEquals": ["Boom"], "ResultPath": "$.error", "Next": "Recover"}], End=True),
         "Recover": {"Type": "Pass", "End": True}}),
     {"orig": 1}, tasks={"T": [{"error": "Boom", "cause": "bad"}]}, expected=ok({"orig": 1, "error": {"Error": "Boom", "Cause": "bad"}}))
case("catch-default-resultpath-replaces-input", "Without ResultPath the error output replaces the input",
     sm({"T": task("T", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], End=True), "Recover": {"Type": "Pass", "End": True}}),
     {"orig": 1}, tasks={"T": [{"error": "Boom", "cause": "bad"}]}, expected=ok({"Error": "Boom", "Cause": "bad"}))
case("catch-first-matching-catcher", "Catchers are scanned in order; the first match wins",
     sm({"T": task("T", Catch=[{"ErrorEquals": ["Other"], "Next": "A"}, {"ErrorEquals": ["States.TaskFailed"], "Next": "B"},
                              {"ErrorEquals": ["States.ALL"], "Next": "C"}], End=True),
         "A": {"Type": "Pass", "Result": "A", "End": True}, "B": {"Type": "Pass", "Result": "B", "End": True}, "C": {"Type": "Pass", "Result": "C", "End": True}}),
     {}, tasks={"T": [{"error": "Boom", "cause": "x"}]}, expected=ok("B"))
case("retry-then-catch", "Retries happen first; Catch applies only after they are exhausted",
     sm({"T": task("T", Retry=[{"ErrorEquals": ["Boom"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                   Catch=[{"ErrorEquals": ["Boom"], "ResultPath": "$.e", "Next": "R"}], End=True),
         "R": {"Type": "Pass", "OutputPath": "$.e.Cause", "End": True}}),
     {}, tasks={"T": [{"error": "Boom", "cause": "1"}, {"error": "Boom", "cause": "2"}, {"error": "Boom", "cause": "3"}, {"output": "never"}]},
     expected=ok("3"), transitions=4)
case("data-limit-not-caught-by-states-all", "A result over 256 KiB is States.DataLimitExceeded, which States.ALL does not catch",
     sm({"T": task("T", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "R"}], End=True), "R": {"Type": "Succeed"}}),
     {}, tasks={"T": [{"output": "x" * (256 * 1024)}]}, expected=failed("States.DataLimitExceeded"), differential=False)
case("data-limit-just-under", "A result just under 256 KiB passes",
     sm({"T": task("T", ResultPath=None, End=True)}),
     {}, tasks={"T": [{"output": "x" * (256 * 1024 - 2)}]}, expected=ok({}))

# ---------- Parallel ----------
case("parallel-results-in-branch-order", "Parallel gives an array of branch outputs in branch order",
     sm({"P": {"Type": "Parallel", "ResultPath": "$.results", "End": True, "Branches": [
         {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": True}}},
         {"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.v", "End": True}}}]}}),
     {"v": 2}, expected=ok({"v": 2, "results": ["a", 2]}), transitions=3)
case("parallel-parameters-and-result-selector", "Parallel applies Parameters to the branch input and ResultSelector to the results",
     sm({"P": {"Type": "Parallel", "Parameters": {"x.$": "$.v"}, "ResultSelector": {"first.$": "$[0].x", "second.$": "$[1]"}, "End": True, "Branches": [
         {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
         {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}}]}}),
     {"v": 9}, expected=ok({"first": 9, "second": "b"}))
case("parallel-branch-failure-caught", "A failing branch fails the Parallel state with the branch's error; its Catch handles it",
     sm({"P": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["BranchBoom"], "ResultPath": "$.err", "Next": "R"}], "End": True, "Branches": [
         {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
         {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "BranchBoom", "Cause": "b failed"}}}]},
         "R": {"Type": "Pass", "OutputPath": "$.err", "End": True}}),
     {}, expected=ok({"Error": "BranchBoom", "Cause": "b failed"}))
case("parallel-failure-stops-waiting-branch", "A failing branch stops a sibling that waits for a callback; the Parallel's Catch runs",
     sm({"P": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "R"}], "End": True, "Branches": [
         {"StartAt": "Wait", "States": {"Wait": {"Type": "Task", "Resource": WFT, "Parameters": {"FunctionName": "approver", "Payload": {"TaskToken.$": "$$.Task.Token"}}, "End": True}}},
         {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Stop", "Cause": "stop others"}}}]},
         "R": {"Type": "Pass", "OutputPath": "$.Error", "End": True}}),
     {}, tasks={"Wait": [{"callback": {"output": {"late": True}}}]}, expected=ok("Stop"), differential=False)
case("parallel-retry-reruns-all-branches", "Retry on a Parallel state runs every branch again",
     sm({"P": {"Type": "Parallel", "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}], "End": True, "Branches": [
         {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": True}}},
         {"StartAt": "T", "States": {"T": task("T", End=True)}}]}}),
     {}, tasks={"T": [{"error": "Flaky", "cause": "once"}, {"output": "t"}]}, expected=ok(["a", "t"]))
case("parallel-nested", "Parallel inside Parallel",
     sm({"P": {"Type": "Parallel", "End": True, "Branches": [
         {"StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": True, "Branches": [
             {"StartAt": "X", "States": {"X": {"Type": "Pass", "Result": 1, "End": True}}},
             {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "Result": 2, "End": True}}}]}}},
         {"StartAt": "Z", "States": {"Z": {"Type": "Pass", "Result": 3, "End": True}}}]}}),
     {}, expected=ok([[1, 2], 3]))

# ---------- Map ----------
case("map-item-selector-and-context", "Map with ItemsPath and ItemSelector using $$.Map.Item.Index and Value",
     sm({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
               "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "E", "States": {"E": {"Type": "Pass", "End": True}}}, "ResultPath": "$.out", "End": True}}),
     {"items": ["a", "b"], "k": 0}, expected=ok({"items": ["a", "b"], "k": 0, "out": [{"i": 0, "v": "a", "k": 0}, {"i": 1, "v": "b", "k": 0}]}), transitions=3)
case("map-legacy-iterator-and-parameters", "The older Iterator and Parameters fields work like ItemProcessor and ItemSelector",
     sm({"M": {"Type": "Map", "ItemsPath": "$.items", "Parameters": {"v.$": "$$.Map.Item.Value"},
               "Iterator": {"StartAt": "E", "States": {"E": {"Type": "Pass", "OutputPath": "$.v", "End": True}}}, "End": True}}),
     {"items": [1, 2, 3]}, expected=ok([1, 2, 3]))
case("map-runs-tasks-per-item-in-order", "Map with MaxConcurrency 1 runs a task per item; results keep item order",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}}, "End": True}}),
     [1, 2, 3], tasks={"T": [{"output": "r1"}, {"output": "r2"}, {"output": "r3"}]}, expected=ok(["r1", "r2", "r3"]))
case("map-empty-array", "Map over an empty array gives an empty array",
     sm({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "E", "States": {"E": {"Type": "Pass", "End": True}}}, "End": True}}),
     {"items": []}, expected=ok([]))
case("map-iteration-failure-fails-map", "Without tolerance one failed iteration fails the Map with that iteration's error",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}},
               "Catch": [{"ErrorEquals": ["ItemBoom"], "Next": "R"}], "End": True},
         "R": {"Type": "Pass", "OutputPath": "$.Error", "End": True}}),
     [1, 2, 3], tasks={"T": [{"output": "ok"}, {"error": "ItemBoom", "cause": "item 2"}, {"output": "ok"}]}, expected=ok("ItemBoom"))
case("map-tolerated-failure-count", "Failures within ToleratedFailureCount let the Map succeed; failed items carry their error output",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ToleratedFailureCount": 1, "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}}, "End": True}}),
     [1, 2, 3], tasks={"T": [{"output": "ok1"}, {"error": "ItemBoom", "cause": "item 2"}, {"output": "ok3"}]},
     expected=ok(["ok1", {"Error": "ItemBoom", "Cause": "item 2"}, "ok3"]), differential=False)
case("map-tolerated-failure-count-exceeded", "More failures than ToleratedFailureCount: States.ExceedToleratedFailureThreshold",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ToleratedFailureCountPath": "$.tolerate", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}}, "End": True}}),
     {"items": [1, 2, 3], "tolerate": 0}, tasks={"T": [{"error": "ItemBoom", "cause": "x"}]}, expected=failed("States.ExceedToleratedFailureThreshold"), differential=False)
case("map-tolerated-failure-percentage", "ToleratedFailurePercentage: 1 of 4 failing (25%) is within 30%",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ToleratedFailurePercentage": 30, "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}}, "ResultSelector": {"n.$": "States.ArrayLength($)"}, "End": True}}),
     [1, 2, 3, 4], tasks={"T": [{"output": 1}, {"error": "ItemBoom", "cause": "x"}, {"output": 3}, {"output": 4}]}, expected=ok({"n": 4}), differential=False)
case("map-tolerated-failure-percentage-exceeded", "2 of 4 failing (50%) exceeds 30%",
     sm({"M": {"Type": "Map", "MaxConcurrency": 1, "ToleratedFailurePercentage": 30, "ItemProcessor": {"StartAt": "T", "States": {"T": task("T", End=True)}},
               "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "R"}], "End": True}, "R": {"Type": "Pass", "Result": "threshold", "End": True}}),
     [1, 2, 3, 4], tasks={"T": [{"output": 1}, {"error": "ItemBoom", "cause": "x"}, {"error": "ItemBoom", "cause": "y"}, {"output": 4}]}, expected=ok("threshold"), differential=False)
case("map-items-path-not-array", "ItemsPath that selects a non-array is States.Runtime",
     sm({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "E", "States": {"E": {"Type": "Pass", "End": True}}}, "End": True}}),
     {"items": "nope"}, expected=failed("States.Runtime"))
case("map-of-parallel", "A Parallel inside a Map iteration",
     sm({"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
         {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
         {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}}]}}}, "End": True}}),
     [1, 2], expected=ok([[1, "b"], [2, "b"]]))

# ---------- Intrinsic functions ----------
case("intrinsics-deterministic", "Every deterministic intrinsic function",
     sm({"P": {"Type": "Pass", "Parameters": {
         "format.$": "States.Format('Hello, {} has {} items', $.name, $.count)",
         "toJson.$": "States.JsonToString($.obj)", "fromJson.$": "States.StringToJson($.json)",
         "array.$": "States.Array($.name, 1, true, null)", "partition.$": "States.ArrayPartition($.nums, 4)",
         "contains.$": "States.ArrayContains($.nums, 5)", "range.$": "States.ArrayRange(1, 9, 2)",
         "item.$": "States.ArrayGetItem($.nums, 5)", "length.$": "States.ArrayLength($.nums)", "unique.$": "States.ArrayUnique($.dups)",
         "b64.$": "States.Base64Encode('Data to encode')", "decoded.$": "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
         "hash.$": "States.Hash('input data', 'SHA-1')", "merged.$": "States.JsonMerge($.j1, $.j2, false)",
         "sum.$": "States.MathAdd(111, -1)", "split.$": "States.StringSplit('1,2,3', ',')",
         "nested.$": "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 0)"}, "End": True}}),
     {"name": "Arnav", "count": 3, "obj": {"foo": "bar"}, "json": "{\"a\":[1,2]}", "nums": [1, 2, 3, 4, 5, 6, 7, 8, 9], "dups": [1, 2, 3, 3, 3, 4],
      "j1": {"a": {"a1": 1}, "b": 2}, "j2": {"a": {"a3": 1}, "c": 3}, "arn": "arn:aws:x/image.v1/rest"},
     expected=ok({"format": "Hello, Arnav has 3 items", "toJson": "{\"foo\":\"bar\"}", "fromJson": {"a": [1, 2]},
                  "array": ["Arnav", 1, True, None], "partition": [[1, 2, 3, 4], [5, 6, 7, 8], [9]], "contains": True, "range": [1, 3, 5, 7, 9],
                  "item": 6, "length": 9, "unique": [1, 2, 3, 4], "b64": "RGF0YSB0byBlbmNvZGU=", "decoded": "Data to encode",
                  "hash": "aaff4a450a104cd177d28d18d74485e8cae074b7", "merged": {"a": {"a3": 1}, "b": 2, "c": 3}, "sum": 110,
                  "split": ["1", "2", "3"], "nested": "image"}))
case("intrinsic-string-split-character-set", "StringSplit splits on each character of the second argument (the guide's example)",
     sm({"P": {"Type": "Pass", "Parameters": {"split.$": "States.StringSplit($.s, '.+,=')"}, "End": True}}),
     {"s": "This.is+a,test=string"}, expected=ok({"split": ["This", "is", "a", "test", "string"]}), differential=False,
     knownDifference="aws-local-stepfunctions 3.0.0 splits on the whole second argument as one delimiter")
case("intrinsic-format-escapes", "Escaped quote and braces in States.Format",
     sm({"P": {"Type": "Pass", "Parameters": {"s.$": "States.Format('it\\'s \\{literal\\} {}', $.v)"}, "End": True}}),
     {"v": "x"}, expected=ok({"s": "it's {literal} x"}))
case("intrinsic-failure-is-catchable", "An intrinsic failing at run time is States.IntrinsicFailure, which a Task's Catch handles",
     sm({"T": task("T", Parameters={"x.$": "States.ArrayGetItem($.a, 5)"}, Catch=[{"ErrorEquals": ["States.IntrinsicFailure"], "Next": "R"}], End=True),
         "R": {"Type": "Pass", "OutputPath": "$.Error", "End": True}}),
     {"a": [1]}, tasks={"T": [{"output": "never"}]}, expected=ok("States.IntrinsicFailure"), differential=False)
case("intrinsic-range-limit", "States.ArrayRange over 1000 items fails",
     sm({"P": {"Type": "Pass", "Parameters": {"x.$": "States.ArrayRange(1, 1001, 1)"}, "End": True}}),
     {}, expected=failed("States.IntrinsicFailure"), differential=False)
case("intrinsic-math-add-rounds", "MathAdd rounds non-integers to the nearest integer",
     sm({"P": {"Type": "Pass", "Parameters": {"x.$": "States.MathAdd($.a, $.b)"}, "End": True}}),
     {"a": 1.6, "b": 2}, expected=ok({"x": 4}), differential=False)

# ---------- Timeouts and callbacks ----------
case("callback-success", "waitForTaskToken: SendTaskSuccess completes the task with its output",
     sm({"Approve": {"Type": "Task", "Resource": WFT, "Parameters": {"FunctionName": "notify", "Payload": {"TaskToken.$": "$$.Task.Token"}}, "ResultPath": "$.decision", "End": True}}),
     {"id": 1}, tasks={"Approve": [{"callback": {"output": {"approved": True}}}]}, expected=ok({"id": 1, "decision": {"approved": True}}), differential=False)
case("callback-failure-caught", "waitForTaskToken: SendTaskFailure fails the task with the given error",
     sm({"Approve": {"Type": "Task", "Resource": WFT, "Parameters": {"FunctionName": "notify", "Payload": {"TaskToken.$": "$$.Task.Token"}},
                     "Catch": [{"ErrorEquals": ["Rejected"], "Next": "R"}], "End": True}, "R": {"Type": "Pass", "End": True}}),
     {}, tasks={"Approve": [{"callback": {"error": "Rejected", "cause": "no"}}]}, expected=ok({"Error": "Rejected", "Cause": "no"}), differential=False)
case("callback-timeout", "waitForTaskToken with TimeoutSeconds and no callback: States.Timeout",
     sm({"Approve": {"Type": "Task", "Resource": WFT, "TimeoutSeconds": 3600, "Parameters": {"FunctionName": "notify", "Payload": {"TaskToken.$": "$$.Task.Token"}},
                     "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.e", "Next": "Expired"}], "End": True},
         "Expired": {"Type": "Pass", "OutputPath": "$.e.Error", "End": True}}),
     {}, tasks={"Approve": [{"callback": "none"}]}, advanceSeconds=3600, expected=ok("States.Timeout"), differential=False)
case("heartbeat-expiry", "HeartbeatSeconds without heartbeats: States.HeartbeatTimeout (also matched by States.Timeout)",
     sm({"Work": {"Type": "Task", "Resource": WFT, "TimeoutSeconds": 600, "HeartbeatSeconds": 60, "Parameters": {"FunctionName": "worker", "Payload": {"TaskToken.$": "$$.Task.Token"}},
                  "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.e", "Next": "Dead"}], "End": True},
         "Dead": {"Type": "Pass", "OutputPath": "$.e.Error", "End": True}}),
     {}, tasks={"Work": [{"callback": "none"}]}, advanceSeconds=60, expected=ok("States.HeartbeatTimeout"), differential=False)
case("timeout-seconds-path", "TimeoutSecondsPath reads the timeout from the input",
     sm({"Approve": {"Type": "Task", "Resource": WFT, "TimeoutSecondsPath": "$.timeout", "Parameters": {"FunctionName": "notify", "Payload": {"TaskToken.$": "$$.Task.Token"}}, "End": True}}),
     {"timeout": 30}, tasks={"Approve": [{"callback": "none"}]}, advanceSeconds=30, expected=failed("States.Timeout"), differential=False)
case("taskfailed-does-not-match-timeout", "States.TaskFailed does not match States.Timeout",
     sm({"Approve": {"Type": "Task", "Resource": WFT, "TimeoutSeconds": 10, "Parameters": {"FunctionName": "notify", "Payload": {"TaskToken.$": "$$.Task.Token"}},
                     "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "R"}], "End": True}, "R": {"Type": "Succeed"}}),
     {}, tasks={"Approve": [{"callback": "none"}]}, advanceSeconds=10, expected=failed("States.Timeout"), differential=False)
case("execution-timeout", "The state machine's TimeoutSeconds ends a long run as TIMED_OUT",
     sm({"W": {"Type": "Wait", "Seconds": 100, "End": True}}, TimeoutSeconds=50),
     {}, advanceSeconds=50, expected={"status": "TIMED_OUT", "error": "States.Timeout"}, differential=False)

for name, c in cases.items():
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(c, f, indent=2)
        f.write("\n")
print(len(cases))

// Runs ASL conformance cases on aws-local-stepfunctions (the reference engine of the differential test).
// Usage: node run-cases.cjs <tools-dir> <case.json>...   Prints {"<case name>": {status, output | error, cause}} as JSON.
// Task states get local handlers that replay the case's scripted results (by state name); Wait states and
// retry intervals are overridden to 0 ms so that nothing sleeps.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

const [toolsDir, ...casePaths] = process.argv.slice(2);
const toolsRequire = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
const { StateMachine } = toolsRequire('aws-local-stepfunctions');

function collectStates(states, into) {
  for (const [name, state] of Object.entries(states)) {
    into.push([name, state]);
    for (const branch of state.Branches ?? []) collectStates(branch.States, into);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) collectStates(processor.States, into);
  }
  return into;
}

function scriptedHandler(stateName, entries) {
  let calls = 0;
  return async () => {
    if (!entries || entries.length === 0) throw new Error(`no scripted result for ${stateName}`);
    const entry = entries[Math.min(calls++, entries.length - 1)];
    if ('error' in entry) {
      const error = new Error(entry.cause ?? '');
      error.name = entry.error;
      throw error;
    }
    return entry.output;
  };
}

async function runCase(file) {
  const testCase = JSON.parse(fs.readFileSync(file, 'utf8'));
  const all = collectStates(testCase.definition.States, []);
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of all) {
    if (state.Type === 'Task') taskResourceLocalHandlers[name] = scriptedHandler(name, testCase.tasks?.[name]);
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Retry) retryIntervalOverrides[name] = 0;
  }
  // The local engine validates every corpus definition itself; the reference engine's ajv validation costs
  // over a second per case, so it is skipped here (set ASL_DIFF_VALIDATE=1 to turn it on).
  const validationOptions = process.env.ASL_DIFF_VALIDATE === '1' ? { checkPaths: true, checkArn: true } : { noValidate: true };
  const machine = new StateMachine(testCase.definition, { validationOptions });
  const execution = machine.run(testCase.input, { overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides } });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED', output: output === undefined ? null : output };
  } catch (err) {
    const inner = err.cause ?? err;
    return { status: 'FAILED', error: inner.name, cause: inner.message };
  }
}

(async () => {
  const results = {};
  for (const file of casePaths) {
    const name = path.basename(file, '.json');
    try {
      results[name] = await runCase(file);
    } catch (err) {
      results[name] = { status: 'HARNESS_ERROR', error: err.name, cause: err.message };
    }
  }
  process.stdout.write(JSON.stringify(results));
})();

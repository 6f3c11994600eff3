import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClient, clientConfig } from './sdk.mjs';

const sfn = loadClient('client-sfn');
const client = new sfn.SFNClient(clientConfig('states'));
const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:deployment-pipeline';

test('StartExecution then DescribeExecution', async () => {
  const name = `js-${Date.now()}`;
  const started = await client.send(new sfn.StartExecutionCommand({ stateMachineArn, name, input: '{"bundle":"s3://b/k.zip"}' }));
  assert.ok(started.executionArn.endsWith(`:${name}`));
  assert.ok(started.startDate instanceof Date);
  const described = await client.send(new sfn.DescribeExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(described.status, 'RUNNING');
  assert.equal(described.input, '{"bundle":"s3://b/k.zip"}');
});

test('GetExecutionHistory pages', async () => {
  const started = await client.send(new sfn.StartExecutionCommand({ stateMachineArn, name: `hist-${Date.now()}` }));
  const events = [];
  let pages = 0;
  for await (const page of sfn.paginateGetExecutionHistory({ client, pageSize: 1 }, { executionArn: started.executionArn })) {
    pages += 1;
    events.push(...page.events);
  }
  assert.ok(pages >= 2, `expected several pages, got ${pages}`);
  assert.equal(events[0].type, 'ExecutionStarted');
  assert.ok(events[0].timestamp instanceof Date);
});

test('SendTaskSuccess with an unknown token is a typed TaskDoesNotExist', async () => {
  await assert.rejects(
    client.send(new sfn.SendTaskSuccessCommand({ taskToken: 'no-such-token', output: '{}' })),
    err => err instanceof sfn.TaskDoesNotExist);
});

test('DescribeExecution of an unknown execution is a typed ExecutionDoesNotExist', async () => {
  await assert.rejects(
    client.send(new sfn.DescribeExecutionCommand({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:missing` })),
    err => err instanceof sfn.ExecutionDoesNotExist);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClient, clientConfig } from './sdk.mjs';

const eb = loadClient('client-eventbridge');
const client = new eb.EventBridgeClient(clientConfig('events'));

test('PutEvents accepts entries and returns event ids', async () => {
  const result = await client.send(new eb.PutEventsCommand({
    Entries: [
      { Source: 'smus.pipeline', DetailType: 'Deployment Started', Detail: JSON.stringify({ bundle: 's3://b/k.zip' }) },
      { Source: 'smus.pipeline', DetailType: 'Target Deployed', Detail: JSON.stringify({ target: 'prod' }), Time: new Date() },
    ],
  }));
  assert.equal(result.FailedEntryCount, 0);
  assert.equal(result.Entries.length, 2);
  assert.ok(result.Entries.every(e => typeof e.EventId === 'string' && e.EventId.length > 0));
});

test('PutEvents reports a malformed entry without failing the call', async () => {
  const result = await client.send(new eb.PutEventsCommand({
    Entries: [{ Source: 'smus.pipeline', DetailType: 'Broken', Detail: 'not json' }],
  }));
  assert.equal(result.FailedEntryCount, 1);
  assert.equal(result.Entries[0].ErrorCode, 'MalformedDetail');
});

test('More than ten entries is a ValidationException', async () => {
  const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
  await assert.rejects(
    client.send(new eb.PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    err => err.name === 'ValidationException' && err.$metadata.httpStatusCode === 400);
});

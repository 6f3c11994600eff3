// Loads the official AWS SDK for JavaScript v3 clients from the repository's .tools/ folder (or SMUS_JS_SDK_DIR),
// and the local endpoint settings from the environment. Both fail loudly: a missing tool must never look like a pass.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const toolsDir = process.env.SMUS_JS_SDK_DIR ?? resolve(here, '..', '..', '.tools');

export function loadClient(name) {
  const packageDir = join(toolsDir, 'node_modules', '@aws-sdk', name);
  if (!existsSync(packageDir)) {
    throw new Error(
      `@aws-sdk/${name} is not installed in ${toolsDir}. Install the official clients with:\n` +
      '  npm install --prefix .tools @aws-sdk/client-datazone@3.1048.0 @aws-sdk/client-sfn@3.1162.0 @aws-sdk/client-eventbridge@3.1169.0');
  }
  return createRequire(join(toolsDir, 'package.json'))(`@aws-sdk/${name}`);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: start the local endpoints (smus-serverless serve, or the xunit launcher) and export its URL and credentials.`);
  }
  return value;
}

export function clientConfig(service) {
  const specific = { datazone: 'SMUS_LOCAL_DATAZONE_URL', states: 'SMUS_LOCAL_SFN_URL', events: 'SMUS_LOCAL_EVENTS_URL' }[service];
  return {
    endpoint: process.env[specific] ?? required('SMUS_LOCAL_ENDPOINT'),
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: required('AWS_ACCESS_KEY_ID'), secretAccessKey: required('AWS_SECRET_ACCESS_KEY') },
    maxAttempts: 1,
  };
}

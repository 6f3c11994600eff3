#!/usr/bin/env node
// s3rver 3.7.1 behind a small front proxy, so that AWSSDK.S3 4.x talks to it as it would to S3.
//
//   node tools/s3rver/s3rver-proxy.js [--port 4568] [--upstream-port PORT+1] [--directory DIR]
//                                     [--bucket NAME]... [--exit-with-stdin]
//
// Prints "S3RVER_PROXY_READY http://127.0.0.1:<port>" on stdout once both servers listen.
// --port 0 / --upstream-port 0 pick free ports. Without --directory the data lives in a temp
// directory removed on exit. --exit-with-stdin ends the process when stdin closes (so a test
// host that dies cannot leave it running).
//
// What the proxy does in front of s3rver, and why:
//  - aws-chunked request bodies (SDK v4 over HTTP) are decoded and their trailers dropped; s3rver
//    would store the chunk framing inside the object. x-amz-content-sha256 becomes UNSIGNED-PAYLOAD
//    and Content-Length the decoded length.
//  - x-amz-copy-source is decoded with decodeURIComponent (s3rver only applies decodeURI).
//  - Conditional writes, which s3rver ignores: If-None-Match: * and If-Match on PutObject, CopyObject
//    and CompleteMultipartUpload, and x-amz-copy-source-if-match, checked against the stored ETag while
//    holding a per-key lock, answered with S3's 412 PreconditionFailed (404 NoSuchKey for If-Match on a
//    missing key, as S3 does).
//  - Versioning, which s3rver lacks: every bucket behaves as versioning-enabled. After each write the
//    proxy copies the new object into a hidden bucket under its version id and keeps a journal; it answers
//    x-amz-version-id, GET/HEAD ?versionId=, copy sources with ?versionId=, DELETE (delete markers) and
//    ListObjectVersions (GET ?versions) from that journal. The journal lives in memory: it covers objects
//    written through this proxy since it started.
//  - ListObjectsV2 (without a delimiter) is re-sorted into S3's UTF-8 byte order and paged by the proxy:
//    s3rver lists in directory-walk order ("a/z" before "a.txt").
//  - AbortMultipartUpload, which s3rver rejects as MethodNotAllowed, is answered 204 (s3rver keeps the
//    orphaned parts in its data directory until exit).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its legacy provider.
if (!(process.env.NODE_OPTIONS || '').includes('--openssl-legacy-provider') &&
    !process.execArgv.includes('--openssl-legacy-provider')) {
  const child = require('child_process').spawn(
    process.execPath, ['--openssl-legacy-provider', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return;
}

const VERSIONS_BUCKET = 's3rver-proxy-versions';
const OWNER = { id: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', name: 'S3rver' };

function parseArguments(argv) {
  const options = { port: 4568, upstreamPort: undefined, directory: undefined, buckets: [], exitWithStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--port': options.port = Number(value()); break;
      case '--upstream-port': options.upstreamPort = Number(value()); break;
      case '--directory': options.directory = value(); break;
      case '--bucket': options.buckets.push(value()); break;
      case '--exit-with-stdin': options.exitWithStdin = true; break;
      default: fail(`unknown argument ${argv[i]}`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0) fail('--port must be a port number');
  if (options.upstreamPort === undefined) options.upstreamPort = options.port === 0 ? 0 : options.port + 1;
  return options;
}

function fail(message, code = 2) {
  process.stderr.write(`s3rver-proxy: ${message}\n`);
  process.exit(code);
}

function loadS3rver() {
  const repositoryRoot = path.resolve(__dirname, '..', '..');
  const moduleDirectory = process.env.S3RVER_MODULE_DIR || path.join(repositoryRoot, '.tools', 'node_modules', 's3rver');
  try {
    return require(moduleDirectory);
  } catch (error) {
    fail(`s3rver 3.7.1 is not installed at ${moduleDirectory} (${error.code || error.message}); ` +
      `install it with: npm install --prefix .tools s3rver@3.7.1`, 3);
  }
}

// ---------- small HTTP helpers ----------

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** aws-chunked: "<hex size>[;chunk-signature=...]\r\n<bytes>\r\n" repeated, a 0-size chunk, then trailers. */
function decodeAwsChunked(body) {
  const parts = [];
  let position = 0;
  while (position < body.length) {
    const lineEnd = body.indexOf('\r\n', position, 'latin1');
    if (lineEnd < 0) throw new Error('aws-chunked body: chunk header without CRLF');
    const size = parseInt(body.toString('latin1', position, lineEnd).split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('aws-chunked body: bad chunk size');
    if (size === 0) break; // what follows are trailers (checksums): dropped
    const start = lineEnd + 2;
    if (start + size > body.length) throw new Error('aws-chunked body: chunk longer than the body');
    parts.push(body.subarray(start, start + size));
    position = start + size + 2;
  }
  return Buffer.concat(parts);
}

function xmlEscape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));
}

function sendError(response, status, code, message, extra = {}, headers = {}) {
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + xmlEscape(code) + '</Code><Message>' + xmlEscape(message) +
    '</Message>' + Object.entries(extra).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('') +
    '<RequestId>' + crypto.randomBytes(8).toString('hex').toUpperCase() + '</RequestId></Error>';
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function preconditionFailed(response, condition) {
  sendError(response, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
}

function xmlUnescape(text) {
  return text.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16))
      : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name]);
}

function encodeKey(key) {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** Orders keys by UTF-8 bytes, as S3 lists them. */
function compareKeys(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sameETag(a, b) {
  return a !== undefined && b !== undefined && a.replace(/"/g, '').trim() === b.replace(/"/g, '').trim();
}

// ---------- the proxy ----------

class VersioningProxy {
  constructor(upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.journal = new Map(); // "bucket\0key" -> [{ versionId, deleteMarker, etag, size, lastModified }] oldest first
    this.locks = new Map();   // "bucket\0key" -> tail of the promise chain of writers
  }

  upstream(method, urlPath, headers, body) {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: this.upstreamPort, method, path: urlPath, headers }, response => {
        const chunks = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body && body.length ? body : undefined);
    });
  }

  async head(bucket, key) {
    const result = await this.upstream('HEAD', `/${bucket}/${encodeKey(key)}`, { host: `127.0.0.1:${this.upstreamPort}` });
    if (result.status === 404) return undefined;
    if (result.status !== 200) throw new Error(`HEAD ${bucket}/${key} answered ${result.status}`);
    return { etag: result.headers.etag, size: Number(result.headers['content-length']), lastModified: new Date(result.headers['last-modified']) };
  }

  /** Serialises writers of one key: the condition check and the write happen as one step. */
  withKeyLock(bucket, key, action) {
    const id = `${bucket}\0${key}`;
    const previous = this.locks.get(id) || Promise.resolve();
    const run = previous.then(action, action);
    const tail = run.catch(() => {});
    this.locks.set(id, tail);
    tail.then(() => { if (this.locks.get(id) === tail) this.locks.delete(id); });
    return run;
  }

  versions(bucket, key) {
    return this.journal.get(`${bucket}\0${key}`) || [];
  }

  latest(bucket, key) {
    const versions = this.versions(bucket, key);
    return versions[versions.length - 1];
  }

  /** Snapshots the object just written into the versions bucket and journals it. */
  async recordVersion(bucket, key) {
    const stored = await this.head(bucket, key);
    if (!stored) throw new Error(`object ${bucket}/${key} vanished right after it was written`);
    const versionId = crypto.randomBytes(16).toString('base64url');
    const copy = await this.upstream('PUT', `/${VERSIONS_BUCKET}/${encodeKey(`${bucket}/${versionId}/${key}`)}`, {
      host: `127.0.0.1:${this.upstreamPort}`,
      'x-amz-copy-source': `/${bucket}/${key}`,
    });
    if (copy.status !== 200) throw new Error(`snapshot of ${bucket}/${key} failed: ${copy.status} ${copy.body}`);
    const id = `${bucket}\0${key}`;
    if (!this.journal.has(id)) this.journal.set(id, []);
    const version = { versionId, deleteMarker: false, etag: stored.etag, size: stored.size, lastModified: stored.lastModified };
    this.journal.get(id).push(version);
    return version;
  }

  async handle(request, response) {
    let body = await readBody(request);
    const headers = { ...request.headers };
    const contentSha = headers['x-amz-content-sha256'] || '';
    const encodings = (headers['content-encoding'] || '').split(',').map(s => s.trim()).filter(Boolean);
    if (contentSha.startsWith('STREAMING-') || encodings.includes('aws-chunked')) {
      body = decodeAwsChunked(body);
      const rest = encodings.filter(e => e !== 'aws-chunked');
      if (rest.length) headers['content-encoding'] = rest.join(','); else delete headers['content-encoding'];
      delete headers['x-amz-decoded-content-length'];
      delete headers['x-amz-trailer'];
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    }
    delete headers['transfer-encoding'];
    delete headers.expect;
    if (body.length || ['PUT', 'POST'].includes(request.method)) headers['content-length'] = String(body.length);
    headers.host = `127.0.0.1:${this.upstreamPort}`;

    const url = new URL(request.url, 'http://proxy');
    const segments = url.pathname.split('/').slice(1);
    const bucket = decodeURIComponent(segments[0] || '');
    const key = segments.length > 1 ? segments.slice(1).map(decodeURIComponent).join('/') : '';
    const query = url.searchParams;

    let copySource;
    if (headers['x-amz-copy-source'] !== undefined) {
      copySource = this.parseCopySource(headers['x-amz-copy-source']);
      headers['x-amz-copy-source'] = `/${copySource.bucket}/${copySource.key}`;
    }

    const isObjectWrite = request.method === 'PUT' && key && !query.has('uploadId') && !query.has('partNumber') &&
      !query.has('tagging') && !query.has('acl');
    const isComplete = request.method === 'POST' && key && query.has('uploadId');

    if (request.method === 'GET' && bucket && !key && query.has('versions')) return this.listVersions(bucket, query, response);
    if (request.method === 'GET' && bucket && !key && query.get('list-type') === '2' && !query.get('delimiter')) {
      return this.listObjectsV2(bucket, query, headers, response);
    }
    if (request.method === 'DELETE' && key && query.has('uploadId')) return this.answer(response, { status: 204, headers: {}, body: Buffer.alloc(0) });
    if (request.method === 'DELETE' && key && query.has('versionId')) {
      return sendError(response, 501, 'NotImplemented', 'Deleting a specific version is not implemented by this emulator');
    }
    if (request.method === 'DELETE' && key && !query.toString().length) return this.withKeyLock(bucket, key, () => this.deleteObject(bucket, key, headers, response));
    if ((request.method === 'GET' || request.method === 'HEAD') && key) return this.readObject(request, bucket, key, query, headers, response);
    if (isObjectWrite || isComplete) {
      return this.withKeyLock(bucket, key, () => this.writeObject(request, bucket, key, headers, body, copySource, response));
    }
    return this.answer(response, await this.upstream(request.method, request.url, headers, body));
  }

  parseCopySource(raw) {
    const decoded = decodeURIComponent(raw).replace(/^\//, '');
    const [pathPart, queryPart] = decoded.split('?versionId=');
    const slash = pathPart.indexOf('/');
    return { bucket: pathPart.slice(0, slash), key: pathPart.slice(slash + 1), versionId: queryPart };
  }

  async writeObject(request, bucket, key, headers, body, copySource, response) {
    const ifNoneMatch = headers['if-none-match'];
    const ifMatch = headers['if-match'];
    if (ifNoneMatch !== undefined || ifMatch !== undefined) {
      const current = await this.head(bucket, key);
      if (ifNoneMatch !== undefined && current && (ifNoneMatch.trim() === '*' || sameETag(ifNoneMatch, current.etag))) {
        return preconditionFailed(response, 'If-None-Match');
      }
      if (ifMatch !== undefined && !current) return sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
      if (ifMatch !== undefined && ifMatch.trim() !== '*' && !sameETag(ifMatch, current.etag)) return preconditionFailed(response, 'If-Match');
    }
    delete headers['if-none-match'];
    delete headers['if-match'];

    let sourceVersionId;
    if (copySource) {
      const resolved = this.resolveVersion(copySource.bucket, copySource.key, copySource.versionId);
      if (resolved.error) return sendError(response, resolved.error.status, resolved.error.code, resolved.error.message);
      sourceVersionId = resolved.version ? resolved.version.versionId : undefined;
      headers['x-amz-copy-source'] = `/${resolved.bucket}/${resolved.key}`;
      const sourceMatch = headers['x-amz-copy-source-if-match'];
      if (sourceMatch !== undefined) {
        const source = await this.head(resolved.bucket, resolved.key);
        if (!source) return sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: copySource.key });
        if (!sameETag(sourceMatch, source.etag)) return preconditionFailed(response, 'x-amz-copy-source-If-Match');
        delete headers['x-amz-copy-source-if-match'];
      }
    }

    const result = await this.upstream(request.method, request.url, headers, body);
    if (result.status !== 200) return this.answer(response, result);
    const version = await this.recordVersion(bucket, key);
    result.headers['x-amz-version-id'] = version.versionId;
    if (sourceVersionId) result.headers['x-amz-copy-source-version-id'] = sourceVersionId;
    return this.answer(response, result);
  }

  /** Where a (bucket, key, versionId) lives upstream: the live object for the latest version, else its snapshot. */
  resolveVersion(bucket, key, versionId) {
    const latest = this.latest(bucket, key);
    if (versionId === undefined || versionId === null) return { bucket, key, version: latest && !latest.deleteMarker ? latest : undefined };
    const version = this.versions(bucket, key).find(v => v.versionId === versionId);
    if (!version) return { error: { status: 404, code: 'NoSuchVersion', message: 'The specified version does not exist.' } };
    if (version.deleteMarker) return { error: { status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' }, version };
    if (version === latest) return { bucket, key, version };
    return { bucket: VERSIONS_BUCKET, key: `${bucket}/${version.versionId}/${key}`, version };
  }

  async readObject(request, bucket, key, query, headers, response) {
    const versionId = query.get('versionId');
    const resolved = this.resolveVersion(bucket, key, versionId);
    if (resolved.error) {
      const extra = resolved.version && resolved.version.deleteMarker
        ? { 'x-amz-delete-marker': 'true', 'x-amz-version-id': resolved.version.versionId } : {};
      return sendError(response, resolved.error.status, resolved.error.code, resolved.error.message, {}, extra);
    }
    query.delete('versionId');
    const rest = query.toString();
    const target = `/${resolved.bucket}/${encodeKey(resolved.key)}${rest ? `?${rest}` : ''}`;
    const result = await this.upstream(request.method, target, headers);
    if (resolved.version && result.status < 300) result.headers['x-amz-version-id'] = resolved.version.versionId;
    return this.answer(response, result);
  }

  async deleteObject(bucket, key, headers, response) {
    const result = await this.upstream('DELETE', `/${bucket}/${encodeKey(key)}`, headers);
    if (result.status >= 300) return this.answer(response, result);
    const latest = this.latest(bucket, key);
    if (latest && !latest.deleteMarker) {
      const marker = { versionId: crypto.randomBytes(16).toString('base64url'), deleteMarker: true, etag: undefined, size: 0, lastModified: new Date() };
      this.versions(bucket, key).push(marker);
      result.headers['x-amz-delete-marker'] = 'true';
      result.headers['x-amz-version-id'] = marker.versionId;
    }
    return this.answer(response, result);
  }

  listVersions(bucket, query, response) {
    const prefix = query.get('prefix') || '';
    const keyMarker = query.get('key-marker') || '';
    const versionIdMarker = query.get('version-id-marker') || '';
    const maxKeys = Math.min(Number(query.get('max-keys') || 1000), 1000);
    const keys = [...this.journal.keys()]
      .filter(id => id.startsWith(`${bucket}\0`))
      .map(id => id.slice(bucket.length + 1))
      .filter(key => key.startsWith(prefix))
      .sort(compareKeys);
    const entries = [];
    for (const key of keys) {
      const versions = this.versions(bucket, key);
      versions.slice().reverse().forEach((version, index) => entries.push({ key, version, isLatest: index === 0 }));
    }
    // Resume after the marker entry: after (key-marker, version-id-marker), or after every version of key-marker.
    let start = 0;
    if (keyMarker) {
      const at = versionIdMarker ? entries.findIndex(e => e.key === keyMarker && e.version.versionId === versionIdMarker) : -1;
      start = at >= 0 ? at + 1 : entries.findIndex(e => compareKeys(e.key, keyMarker) > 0);
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + maxKeys);
    const truncated = start + maxKeys < entries.length;
    const last = page[page.length - 1];
    const element = (name, value) => `<${name}>${xmlEscape(value)}</${name}>`;
    const owner = `<Owner>${element('ID', OWNER.id)}${element('DisplayName', OWNER.name)}</Owner>`;
    const items = page.map(({ key, version, isLatest }) => version.deleteMarker
      ? `<DeleteMarker>${element('Key', key)}${element('VersionId', version.versionId)}${element('IsLatest', isLatest)}` +
        `${element('LastModified', version.lastModified.toISOString())}${owner}</DeleteMarker>`
      : `<Version>${element('Key', key)}${element('VersionId', version.versionId)}${element('IsLatest', isLatest)}` +
        `${element('LastModified', version.lastModified.toISOString())}${element('ETag', version.etag)}` +
        `${element('Size', version.size)}${element('StorageClass', 'STANDARD')}${owner}</Version>`).join('');
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      element('Name', bucket) + element('Prefix', prefix) + element('KeyMarker', keyMarker) + element('VersionIdMarker', versionIdMarker) +
      (truncated ? element('NextKeyMarker', last.key) + element('NextVersionIdMarker', last.version.versionId) : '') +
      element('MaxKeys', maxKeys) + element('IsTruncated', truncated) + items + '</ListVersionsResult>';
    return this.answer(response, { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) });
  }

  /**
   * ListObjectsV2 in S3's order: s3rver walks its directory tree, so it lists "a/z" before "a.txt" ('/' sorts
   * after '.' in UTF-8, and S3 orders by UTF-8 bytes). The proxy reads s3rver's whole listing for the prefix,
   * re-sorts it and pages it with its own continuation tokens (base64url of the last key returned).
   */
  async listObjectsV2(bucket, query, headers, response) {
    const prefix = query.get('prefix') || '';
    const maxKeys = Math.min(Number(query.get('max-keys') || 1000), 1000);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) return sendError(response, 400, 'InvalidArgument', 'max-keys must be a non-negative integer');
    const token = query.get('continuation-token');
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') || '');

    const entries = [];
    let upstreamToken;
    do {
      const upstreamQuery = new URLSearchParams({ 'list-type': '2', 'max-keys': '1000' });
      if (prefix) upstreamQuery.set('prefix', prefix);
      if (upstreamToken) upstreamQuery.set('continuation-token', upstreamToken);
      const result = await this.upstream('GET', `/${bucket}?${upstreamQuery}`, { ...headers, 'content-length': '0' });
      if (result.status !== 200) return this.answer(response, result);
      const xml = result.body.toString('utf8');
      for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const keyMatch = /<Key>([\s\S]*?)<\/Key>/.exec(match[1]);
        entries.push({ key: xmlUnescape(keyMatch[1]), block: match[0] });
      }
      upstreamToken = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? (/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml) || [])[1] : undefined;
      if (upstreamToken) upstreamToken = xmlUnescape(upstreamToken);
    } while (upstreamToken);

    entries.sort((a, b) => compareKeys(a.key, b.key));
    const remaining = after ? entries.filter(e => compareKeys(e.key, after) > 0) : entries;
    const page = remaining.slice(0, maxKeys);
    const truncated = remaining.length > page.length;
    const element = (name, value) => `<${name}>${xmlEscape(value)}</${name}>`;
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      element('Name', bucket) + element('Prefix', prefix) + element('MaxKeys', maxKeys) + element('KeyCount', page.length) +
      element('IsTruncated', truncated) +
      (token ? element('ContinuationToken', token) : '') +
      (query.get('start-after') ? element('StartAfter', query.get('start-after')) : '') +
      (truncated ? element('NextContinuationToken', Buffer.from(page[page.length - 1].key, 'utf8').toString('base64url')) : '') +
      page.map(e => e.block).join('') + '</ListBucketResult>';
    return this.answer(response, { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) });
  }

  answer(response, result) {
    const headers = { ...result.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    if (response.req.method !== 'HEAD') headers['content-length'] = String(result.body.length);
    response.writeHead(result.status, headers);
    response.end(response.req.method === 'HEAD' ? undefined : result.body);
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const S3rver = loadS3rver();
  const temporary = options.directory === undefined;
  const directory = options.directory || fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const s3rver = new S3rver({
    port: options.upstreamPort,
    address: '127.0.0.1',
    directory,
    silent: true,
    allowMismatchedSignatures: true,
    configureBuckets: [VERSIONS_BUCKET, ...options.buckets].map(name => ({ name })),
  });
  const upstreamAddress = await s3rver.run();
  const proxy = new VersioningProxy(upstreamAddress.port);
  const server = http.createServer((request, response) => {
    proxy.handle(request, response).catch(error => {
      process.stderr.write(`s3rver-proxy: ${request.method} ${request.url}: ${error.stack || error}\n`);
      if (!response.headersSent) sendError(response, 500, 'InternalError', String(error.message || error));
      else response.destroy();
    });
  });
  await new Promise((resolve, reject) => server.listen(options.port, '127.0.0.1', resolve).on('error', reject));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Keep-alive connections would hold close() open forever: drop them.
    server.close();
    server.closeAllConnections();
    if (s3rver.httpServer) s3rver.httpServer.closeAllConnections();
    await s3rver.close().catch(() => {});
    if (temporary) fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (options.exitWithStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
  process.stdout.write(`S3RVER_PROXY_READY http://127.0.0.1:${server.address().port}\n`);
}

main().catch(error => fail(error.stack || String(error), 1));

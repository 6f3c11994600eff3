import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClient, clientConfig } from './sdk.mjs';

const dz = loadClient('client-datazone');
const client = new dz.DataZoneClient(clientConfig('datazone'));

async function seededDomainId() {
  const names = [];
  for await (const page of dz.paginateListDomains({ client, pageSize: 25 }, {})) {
    for (const domain of page.items) {
      names.push(domain.name);
      if (domain.name === 'local-domain') return domain.id;
    }
  }
  throw new Error(`the seeded domain 'local-domain' is missing (domains: ${names.join(', ')}); start the host with tests/js-clients/seed.json`);
}

test('CreateProject then GetProject returns the same project', async () => {
  const domainIdentifier = await seededDomainId();
  const name = `js-${Date.now()}`;
  const created = await client.send(new dz.CreateProjectCommand({ domainIdentifier, name, description: 'made by the JS SDK' }));
  assert.equal(created.name, name);
  const fetched = await client.send(new dz.GetProjectCommand({ domainIdentifier, identifier: created.id }));
  assert.equal(fetched.id, created.id);
  assert.equal(fetched.projectStatus, 'ACTIVE');
  assert.ok(fetched.createdAt instanceof Date, 'createdAt is parsed as a date');
});

test('ListProjects pages with maxResults and nextToken', async () => {
  const domainIdentifier = await seededDomainId();
  for (let i = 0; i < 3; i++) {
    await client.send(new dz.CreateProjectCommand({ domainIdentifier, name: `page-${Date.now()}-${i}` }));
  }
  const ids = [];
  let pages = 0;
  for await (const page of dz.paginateListProjects({ client, pageSize: 1 }, { domainIdentifier })) {
    pages += 1;
    assert.ok(page.items.length <= 1);
    ids.push(...page.items.map(p => p.id));
  }
  assert.ok(pages >= 4, `expected at least 4 pages, got ${pages}`);
  assert.equal(new Set(ids).size, ids.length, 'no project is listed twice');
});

test('GetProject of an unknown project is a typed ResourceNotFoundException', async () => {
  const domainIdentifier = await seededDomainId();
  await assert.rejects(
    client.send(new dz.GetProjectCommand({ domainIdentifier, identifier: 'doesnotexist01' })),
    err => err instanceof dz.ResourceNotFoundException && err.$metadata.httpStatusCode === 404);
});

test('A name breaking the model pattern is a typed ValidationException', async () => {
  const domainIdentifier = await seededDomainId();
  await assert.rejects(
    client.send(new dz.CreateProjectCommand({ domainIdentifier, name: 'bad/name' })),
    err => err instanceof dz.ValidationException && /name/.test(err.message));
});

test('A duplicate project name is a typed ConflictException', async () => {
  const domainIdentifier = await seededDomainId();
  await assert.rejects(
    client.send(new dz.CreateProjectCommand({ domainIdentifier, name: 'producer' })),
    err => err instanceof dz.ConflictException);
});

test('SearchListings finds a seeded Glue table and a subscription request starts PENDING', async () => {
  const domainIdentifier = await seededDomainId();
  const found = await client.send(new dz.SearchListingsCommand({ domainIdentifier, searchText: 'countries_aggregated' }));
  assert.equal(found.totalMatchCount, 1);
  const listing = found.items[0].assetListing;
  assert.equal(listing.entityType, 'amazon.datazone.GlueTableAssetType');
  assert.ok(listing.createdAt instanceof Date);

  const consumer = await client.send(new dz.CreateProjectCommand({ domainIdentifier, name: `consumer-${Date.now()}` }));
  const request = await client.send(new dz.CreateSubscriptionRequestCommand({
    domainIdentifier,
    requestReason: 'pipeline needs it',
    subscribedListings: [{ identifier: listing.listingId }],
    subscribedPrincipals: [{ project: { identifier: consumer.id } }],
  }));
  assert.equal(request.status, 'PENDING');
  const details = await client.send(new dz.GetSubscriptionRequestDetailsCommand({ domainIdentifier, identifier: request.id }));
  assert.equal(details.subscribedListings[0].id, listing.listingId);
});

test('The seeded project has its shared S3 connection', async () => {
  const domainIdentifier = await seededDomainId();
  const projects = await client.send(new dz.ListProjectsCommand({ domainIdentifier, name: 'producer' }));
  const connections = await client.send(new dz.ListConnectionsCommand({ domainIdentifier, projectIdentifier: projects.items[0].id, type: 'S3' }));
  const shared = connections.items.find(c => c.name === 'default.s3_shared');
  assert.ok(shared, 'default.s3_shared exists');
  const connection = await client.send(new dz.GetConnectionCommand({ domainIdentifier, identifier: shared.connectionId }));
  assert.match(connection.props.s3Properties.s3Uri, /^s3:\/\//);
});

test('ListTagsForResource answers the seeded domain tags by the domain ARN ListDomains gives', async () => {
  const domainIdentifier = await seededDomainId();
  const domain = await client.send(new dz.GetDomainCommand({ identifier: domainIdentifier }));
  const tagged = await client.send(new dz.ListTagsForResourceCommand({ resourceArn: domain.arn }));
  assert.deepEqual(tagged.tags, { purpose: 'smus-cicd', STAGE: 'DEV' });
});

test('ListTagsForResource of an unknown ARN is a typed ResourceNotFoundException', async () => {
  await assert.rejects(
    client.send(new dz.ListTagsForResourceCommand({ resourceArn: 'arn:aws:datazone:us-east-1:123456789012:domain/dzd_nope' })),
    err => err instanceof dz.ResourceNotFoundException);
});

test('SearchGroupProfiles finds the seeded IAM role session group by its role ARN', async () => {
  const domainIdentifier = await seededDomainId();
  const found = await client.send(new dz.SearchGroupProfilesCommand({ domainIdentifier, groupType: 'IAM_ROLE_SESSION_GROUP' }));
  const group = found.items.find(g => g.rolePrincipalArn === 'arn:aws:iam::123456789012:role/data-admins');
  assert.ok(group, 'the role group exists');
  assert.match(group.id, /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-/);
});

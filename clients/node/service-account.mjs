// A service account with a key file, as the published ZITADEL npm client @zitadel/node authenticates one:
// its own ServiceAccount and createServiceAccountInterceptor (nothing of the client is patched). The interceptor
// discovers the token endpoint at <issuer>/.well-known/openid-configuration, signs a JWT-profile assertion
// (RS256, kid = keyId, iss = sub = userId, aud = the issuer URL as given, expiring in 1 h) and posts it to the token
// endpoint (grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, scope "openid
// urn:zitadel:iam:org:project:id:zitadel:aud"); the access token it gets authenticates the Management API calls
// over gRPC: GetMyOrg, ListMachineKeys (of the service account itself), AddHumanUser, SetHumanInitialPassword,
// GetUserByID.
//
// Environment:
//   IDENTITY_ISSUER     the module's issuer: its REST endpoint, e.g. http://127.0.0.1:8080 (or Identity:OAuth:Issuer)
//   IDENTITY_GRPC_URL   the module's gRPC endpoint, e.g. http://127.0.0.1:8081 (h2c) or https://host:port
//   IDENTITY_KEY_FILE   path of the key file AddMachineKey handed out (keyDetails, base64-decoded):
//                       {"type":"serviceaccount","keyId":…,"key":<PEM private key>,"userId":…} (never printed)
//   IDENTITY_INITIAL_PASSWORD  optional: the initial password to give the new user (never printed); random if unset
//   Over TLS with a private CA: NODE_EXTRA_CA_CERTS (discovery and token request) and GRPC_DEFAULT_SSL_ROOTS_FILE_PATH
//   (grpc-js). With one TLS port for everything (Kestrel:Endpoints:Rest:Protocols=Http1AndHttp2), as ZITADEL is
//   reached, IDENTITY_ISSUER and IDENTITY_GRPC_URL are the same URL.
//
// The service account needs org.read, user.read and user.write in its org (ORG_OWNER, or ORG_USER_MANAGER).
// Exits 0 and prints one JSON line of ids (no key, token or password) when every answer is as expected; otherwise
// exits 1 with one line per problem on stderr.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
// @zitadel/node 3.0.28 declares no "exports" or "main": its entry points are reached by path.
import { createManagementClient, createServiceAccountInterceptor } from '@zitadel/node/dist/api/index.js';
import { ServiceAccount } from '@zitadel/node/dist/credentials/index.js';
import { UserState } from '@zitadel/node/dist/api/generated/zitadel/user.js';
import { Metadata } from 'nice-grpc';
import { smoke } from './smoke.mjs';

const { check, setting, fail, finish } = smoke('service-account');

/**
 * A failure as one line: a gRPC status with its message, or what the token request answered (its OAuth error, never
 * the request: that holds the signed assertion). Metadata and headers are not printed.
 */
function describe(error) {
  if (error && typeof error.code === 'number') {
    // 14 UNAVAILABLE: nothing speaks gRPC there (the module's REST endpoint is HTTP/1.1 only)
    const hint = error.code === 14 ? ` (is ${grpcUrl} the module's gRPC endpoint, by default http://127.0.0.1:8081?)` : '';
    return `gRPC status ${error.code}: ${error.details ?? error.message}${hint}`;
  }
  if (error?.isAxiosError) {
    const data = error.response?.data;
    const oauth = data && typeof data === 'object' ? ` ${data.error ?? ''}: ${data.error_description ?? ''}` : '';
    return `the token request to ${error.config?.url} failed: ${error.response?.status ?? error.code ?? ''}${oauth}`;
  }
  // anything else comes from the interceptor's discovery at the issuer (openid-client)
  return `getting an access token from ${issuer} failed: ${error?.message ?? error}`;
}

async function call(name, run) {
  try {
    return await run();
  } catch (error) {
    fail(`${name} failed: ${describe(error)}`);
  }
}

const issuer = setting('IDENTITY_ISSUER');
const grpcUrl = setting('IDENTITY_GRPC_URL');
const keyFile = setting('IDENTITY_KEY_FILE');
const password = process.env.IDENTITY_INITIAL_PASSWORD || `Sa-${randomBytes(12).toString('base64url')}-7q!`;

let account;
try {
  const json = JSON.parse(readFileSync(keyFile, 'utf8'));
  check(json.type === ServiceAccount.type, `the key file's type is ${JSON.stringify(json.type)}, expected "${ServiceAccount.type}"`);
  account = ServiceAccount.fromJson(json);
} catch (error) {
  // the message of a JSON or constructor error names no content of the file
  fail(`the key file ${keyFile} cannot be read as a service-account key: ${error?.message ?? error}`);
}

const client = createManagementClient(grpcUrl, createServiceAccountInterceptor(issuer, account, { apiAccess: true }));
const options = (orgId) => ({
  metadata: orgId ? Metadata({ 'x-zitadel-orgid': orgId }) : undefined,
  deadline: new Date(Date.now() + 30_000),
});

// 1. GetMyOrg: the first call, which makes the interceptor fetch the token; the service account's own org
const my = await call('GetMyOrg', () => client.getMyOrg({}, options()));
const orgId = my.org?.id;
check(/^\S+$/.test(orgId ?? ''), `GetMyOrg: org.id is ${JSON.stringify(orgId)}`);

// 2. ListMachineKeys of the service account: the key it signed with is listed (public part only)
const keys = await call('ListMachineKeys', () => client.listMachineKeys({ userId: account.userId, query: { limit: 100 } }, options(orgId)));
check(keys.result.some((key) => key.id === account.keyId), `ListMachineKeys: the key ${account.keyId} is not among ${JSON.stringify(keys.result.map((k) => k.id))}`);

// 3. AddHumanUser in that org (no password: initial), then SetHumanInitialPassword
const suffix = randomBytes(6).toString('hex');
const userName = `sa-smoke-${suffix}`;
const added = await call('AddHumanUser', () =>
  client.addHumanUser(
    {
      userName,
      profile: { firstName: 'Sam', lastName: `Service ${suffix}`, displayName: `Sam Service ${suffix}`, preferredLanguage: 'en' },
      email: { email: `${userName}@example.com`, isEmailVerified: true },
    },
    options(orgId),
  ),
);
const userId = added.userId;
check(/^\S+$/.test(userId ?? ''), `AddHumanUser: userId is ${JSON.stringify(userId)}`);
check(added.details?.resourceOwner === orgId, `AddHumanUser: details.resourceOwner is ${added.details?.resourceOwner}, expected ${orgId}`);

const set = await call('SetHumanInitialPassword', () => client.setHumanInitialPassword({ userId, password }, options(orgId)));
check(set.details?.resourceOwner === orgId, `SetHumanInitialPassword: details.resourceOwner is ${set.details?.resourceOwner}, expected ${orgId}`);
check(set.details?.sequence?.toString() !== '0', 'SetHumanInitialPassword: details.sequence is 0 or missing');

// 4. GetUserByID: the user, active now that it has a password
const read = await call('GetUserByID', () => client.getUserByID({ id: userId }, options(orgId)));
check(read.user?.id === userId, `GetUserByID: id ${read.user?.id}, expected ${userId}`);
check(read.user?.userName === userName, `GetUserByID: userName ${read.user?.userName}, expected ${userName}`);
check(read.user?.state === UserState.USER_STATE_ACTIVE, `GetUserByID: state ${read.user?.state}, expected USER_STATE_ACTIVE (${UserState.USER_STATE_ACTIVE})`);
check(read.user?.details?.sequence?.toString() === set.details?.sequence?.toString(),
  `GetUserByID: details.sequence ${read.user?.details?.sequence}, expected ${set.details?.sequence} (SetHumanInitialPassword's)`);

finish({
  serviceAccountId: account.userId,
  keyId: account.keyId,
  orgId,
  userId,
  userName,
  sequence: set.details?.sequence?.toString(),
});

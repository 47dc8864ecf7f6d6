// Smoke test of the published ZITADEL npm client @zitadel/node against the identity module's
// Management API v1 over gRPC: AddHumanUser, then ListUsers twice. The client is used as published;
// nothing of it is patched.
//
// Environment:
//   IDENTITY_GRPC_URL  the module's gRPC endpoint, e.g. http://127.0.0.1:8081 (h2c) or https://host:port
//   IDENTITY_TOKEN     a personal access token with user.write and user.read in the org (never printed)
//   IDENTITY_ORG_ID    the org to act in (sent as x-zitadel-orgid)
//   IDENTITY_LIST_USERS=skip  optional: only AddHumanUser (for a module without ListUsers)
//
// Exits 0 and prints one JSON line (ids, names, counts: no secret) when every answer is as expected;
// otherwise exits 1 with one line per difference on stderr.

import { randomBytes } from 'node:crypto';
// @zitadel/node 3.0.28 declares no "exports" or "main": its entry points are reached by path.
import { createAccessTokenInterceptor, createManagementClient } from '@zitadel/node/dist/api/index.js';
import { TextQueryMethod } from '@zitadel/node/dist/api/generated/zitadel/object.js';
import { UserFieldName, UserState } from '@zitadel/node/dist/api/generated/zitadel/user.js';
import { Metadata } from 'nice-grpc';
import { smoke } from './smoke.mjs';

const { check, setting, finish } = smoke('management-smoke');

/** A gRPC failure as code, message and ErrorDetail ids: the metadata of the answer is not printed. */
function describe(error) {
  if (error && typeof error.code === 'number') {
    // 14 UNAVAILABLE: nothing speaks gRPC there (the module's REST endpoint is HTTP/1.1 only)
    const hint = error.code === 14 ? ` (is ${url} the module's gRPC endpoint, by default http://127.0.0.1:8081?)` : '';
    return `gRPC status ${error.code}: ${error.details ?? error.message}${hint}`;
  }
  return String(error?.stack ?? error);
}

async function call(name, run) {
  try {
    return await run();
  } catch (error) {
    console.error(`management-smoke: ${name} failed: ${describe(error)}`);
    process.exit(1);
  }
}

const url = setting('IDENTITY_GRPC_URL');
const token = setting('IDENTITY_TOKEN');
const orgId = setting('IDENTITY_ORG_ID');
const skipListUsers = process.env.IDENTITY_LIST_USERS === 'skip';

const client = createManagementClient(url, createAccessTokenInterceptor(token));
const options = () => ({ metadata: Metadata({ 'x-zitadel-orgid': orgId }), deadline: new Date(Date.now() + 30_000) });

const suffix = randomBytes(6).toString('hex');
const userName = `npm-smoke-${suffix}`;
const wanted = {
  firstName: 'Nora',
  lastName: `Node ${suffix}`,
  nickName: 'nn',
  displayName: `Nora Node ${suffix}`,
  preferredLanguage: 'en',
  email: `${userName}@example.com`,
};

// 1. AddHumanUser (no initial password: the user stays in the initial state)
const added = await call('AddHumanUser', () =>
  client.addHumanUser(
    {
      userName,
      profile: {
        firstName: wanted.firstName,
        lastName: wanted.lastName,
        nickName: wanted.nickName,
        displayName: wanted.displayName,
        preferredLanguage: wanted.preferredLanguage,
      },
      email: { email: wanted.email, isEmailVerified: true },
    },
    options(),
  ),
);
check(/^\S+$/.test(added.userId ?? ''), `AddHumanUser: userId is ${JSON.stringify(added.userId)}`);
check(added.details?.resourceOwner === orgId, `AddHumanUser: details.resourceOwner is ${JSON.stringify(added.details?.resourceOwner)}, expected the org ${orgId}`);
check(added.details?.sequence?.toString() !== '0', 'AddHumanUser: details.sequence is 0 or missing');
check(added.details?.creationDate instanceof Date, 'AddHumanUser: details.creationDate is missing');

const summary = { userId: added.userId, userName, sequence: added.details?.sequence?.toString() };
if (skipListUsers) {
  finish(summary);
  process.exit(0);
}

// 2. ListUsers with a user-name query (equals): exactly the new user
const found = await call('ListUsers (user name equals)', () =>
  client.listUsers(
    {
      query: { limit: 10, asc: true },
      sortingColumn: UserFieldName.USER_FIELD_NAME_USER_NAME,
      queries: [{ userNameQuery: { userName, method: TextQueryMethod.TEXT_QUERY_METHOD_EQUALS } }],
    },
    options(),
  ),
);
check(found.details?.totalResult?.toString() === '1', `ListUsers (user name equals): details.totalResult is ${found.details?.totalResult?.toString()}, expected 1`);
if (check(found.result.length === 1, `ListUsers (user name equals): ${found.result.length} users, expected 1`)) {
  const user = found.result[0];
  const profile = user.human?.profile;
  check(user.id === added.userId, `ListUsers: id ${user.id}, expected ${added.userId}`);
  check(user.userName === userName, `ListUsers: userName ${user.userName}, expected ${userName}`);
  check(user.state === UserState.USER_STATE_INITIAL, `ListUsers: state ${user.state}, expected USER_STATE_INITIAL (${UserState.USER_STATE_INITIAL})`);
  check(user.details?.resourceOwner === orgId, `ListUsers: details.resourceOwner ${user.details?.resourceOwner}, expected ${orgId}`);
  check(user.details?.sequence?.toString() === summary.sequence, `ListUsers: details.sequence ${user.details?.sequence?.toString()}, expected ${summary.sequence}`);
  check(user.preferredLoginName.startsWith(`${userName}@`), `ListUsers: preferredLoginName ${user.preferredLoginName} is not ${userName}@<org domain>`);
  check(user.loginNames.includes(user.preferredLoginName), `ListUsers: loginNames ${JSON.stringify(user.loginNames)} lack the preferred login name`);
  check(user.machine === undefined, 'ListUsers: the human user has a machine part');
  if (check(profile !== undefined, 'ListUsers: human.profile is missing')) {
    for (const field of ['firstName', 'lastName', 'nickName', 'displayName', 'preferredLanguage']) {
      check(profile[field] === wanted[field], `ListUsers: human.profile.${field} ${JSON.stringify(profile[field])}, expected ${JSON.stringify(wanted[field])}`);
    }
  }
  check(user.human?.email?.email === wanted.email, `ListUsers: human.email.email ${user.human?.email?.email}, expected ${wanted.email}`);
  check(user.human?.email?.isEmailVerified === true, 'ListUsers: human.email.isEmailVerified is not true');
}

// 3. ListUsers of the whole org, limit 1, sorted by user name ascending: the first page of one
const first = await call('ListUsers (limit 1, by user name)', () =>
  client.listUsers({ query: { limit: 1, asc: true }, sortingColumn: UserFieldName.USER_FIELD_NAME_USER_NAME }, options()),
);
const total = Number(first.details?.totalResult?.toString() ?? '0');
check(first.sortingColumn === UserFieldName.USER_FIELD_NAME_USER_NAME, `ListUsers (limit 1): sortingColumn ${first.sortingColumn}, expected USER_FIELD_NAME_USER_NAME`);
check(total >= 1, `ListUsers (limit 1): details.totalResult is ${total}, expected at least 1 (the new user)`);
if (check(first.result.length === 1, `ListUsers (limit 1): ${first.result.length} users, expected 1`)) {
  // the new user is in the org, so the first by user name sorts no later than it (ordinal order: the module
  // sorts user names by a binary collation)
  check(first.result[0].userName <= userName, `ListUsers (limit 1): first user name ${first.result[0].userName} sorts after ${userName}`);
  summary.firstUserName = first.result[0].userName;
}
summary.totalResult = total;
finish(summary);

// ZITADEL's v2 SessionService through the published @zitadel/client (its createSessionServiceClient and its
// bearer-token interceptor, as published) over each transport it is used with:
//   connect-json   the Connect protocol's unary binding, JSON: @connectrpc/connect-node's createConnectTransport
//                  (HTTP/1.1 or 2, useBinaryFormat false), on the REST endpoint
//   connect-proto  the same, binary (application/proto, connect-node's default)
//   grpc-web       @zitadel/client/web's createClientTransport (gRPC-Web over fetch), on the REST endpoint
//   grpc           @zitadel/client/node's createServerTransport (native gRPC over HTTP/2), on the gRPC endpoint
// (@zitadel/client 1.3.1 itself builds only the last two: createServerTransport is gRPC, not Connect.)
// On each: CreateSession with a user check (login name) and a password check, GetSession with the session token
// (the user and the password factor), CreateSession with a wrong password (InvalidArgument with the ErrorDetail id
// COMMAND-3M0fs, read by the client from the transport's error details), DeleteSession, and GetSession again
// (NotFound).
//
// Environment:
//   IDENTITY_URL         the module's REST endpoint, e.g. http://127.0.0.1:8080 (Connect and gRPC-Web)
//   IDENTITY_GRPC_URL    optional: its native gRPC endpoint, e.g. http://127.0.0.1:8081; without it grpc is skipped
//   IDENTITY_TOKEN       a token with session.write and session.read (IAM_OWNER), never printed
//   IDENTITY_LOGIN_NAME  the login name of a human user with a password (user name@org domain)
//   IDENTITY_PASSWORD    that user's password (never printed)
//   IDENTITY_CONNECT_HTTP_VERSION  optional: 1.1 (default) or 2, the HTTP version of the Connect transports (2 needs
//                        TLS with HTTP/2 on that port: Kestrel:Endpoints:Rest:Protocols=Http1AndHttp2)
//   Over TLS with a private CA: NODE_EXTRA_CA_CERTS (Connect, gRPC-Web) and GRPC_DEFAULT_SSL_ROOTS_FILE_PATH (gRPC).
//
// Exits 0 and prints one JSON line of ids (the user's, and each transport's session id; no token) when every
// answer is as expected; otherwise exits 1 with one line per problem on stderr.

import { Code, ConnectError } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { NewAuthorizationBearerInterceptor } from '@zitadel/client';
import { createServerTransport } from '@zitadel/client/node';
import { createSessionServiceClient } from '@zitadel/client/v2';
import { createClientTransport } from '@zitadel/client/web';
import { ErrorDetailSchema } from '@zitadel/proto/zitadel/message_pb.js';
import { smoke } from './smoke.mjs';

const { problems, check, setting, finish } = smoke('session-connect');

/** A failure as one line: the Connect code, message and ErrorDetail ids (never headers or the request). */
function describe(error) {
  if (error instanceof ConnectError) {
    const ids = error.findDetails(ErrorDetailSchema).map((d) => d.id);
    return `${Code[error.code]} (${error.code}): ${error.rawMessage}${ids.length ? ` [${ids.join(', ')}]` : ''}`;
  }
  return String(error?.message ?? error);
}

const url = setting('IDENTITY_URL');
const grpcUrl = setting('IDENTITY_GRPC_URL', true);
const token = setting('IDENTITY_TOKEN');
const loginName = setting('IDENTITY_LOGIN_NAME');
const password = setting('IDENTITY_PASSWORD');
const httpVersion = process.env.IDENTITY_CONNECT_HTTP_VERSION || '1.1';
if (httpVersion !== '1.1' && httpVersion !== '2') {
  console.error(`session-connect: IDENTITY_CONNECT_HTTP_VERSION is ${httpVersion}, expected 1.1 or 2`);
  process.exit(2);
}

const transports = {
  'connect-json': createConnectTransport({
    baseUrl: url,
    httpVersion,
    useBinaryFormat: false,
    interceptors: [NewAuthorizationBearerInterceptor(token)],
  }),
  'connect-proto': createConnectTransport({
    baseUrl: url,
    httpVersion,
    useBinaryFormat: true,
    interceptors: [NewAuthorizationBearerInterceptor(token)],
  }),
  'grpc-web': createClientTransport(token, { baseUrl: url }),
};
if (grpcUrl) {
  transports.grpc = createServerTransport(token, { baseUrl: grpcUrl });
}

const options = () => ({ timeoutMs: 30_000 });
const summary = { loginName, userId: undefined, connectHttpVersion: httpVersion, sessions: {} };

for (const [name, transport] of Object.entries(transports)) {
  const sessions = createSessionServiceClient(transport);
  const step = async (what, run) => {
    try {
      return await run();
    } catch (error) {
      problems.push(`${name}: ${what} failed: ${describe(error)}`);
      return undefined;
    }
  };

  // 1. CreateSession: user check by login name and password check
  const created = await step('CreateSession', () =>
    sessions.createSession(
      {
        checks: {
          user: { search: { case: 'loginName', value: loginName } },
          password: { password },
        },
        lifetime: { seconds: 600n, nanos: 0 },
      },
      options(),
    ),
  );
  if (!created) {
    continue;
  }
  check(/^\S+$/.test(created.sessionId), `${name}: CreateSession: sessionId is ${JSON.stringify(created.sessionId)}`);
  check(created.sessionToken.length > 0, `${name}: CreateSession: no sessionToken`);
  check((created.details?.sequence ?? 0n) > 0n, `${name}: CreateSession: details.sequence is 0 or missing`);

  // 2. GetSession with the session token: the user and the verified password factor
  const read = await step('GetSession', () =>
    sessions.getSession({ sessionId: created.sessionId, sessionToken: created.sessionToken }, options()),
  );
  if (read) {
    const session = read.session;
    check(session?.id === created.sessionId, `${name}: GetSession: id ${session?.id}, expected ${created.sessionId}`);
    const user = session?.factors?.user;
    check(/^\S+$/.test(user?.id ?? ''), `${name}: GetSession: factors.user.id is ${JSON.stringify(user?.id)}`);
    check(user?.loginName?.toLowerCase() === loginName.toLowerCase(), `${name}: GetSession: factors.user.loginName ${user?.loginName}, expected ${loginName}`);
    check(session?.factors?.password?.verifiedAt !== undefined, `${name}: GetSession: factors.password.verifiedAt is missing`);
    check(session?.expirationDate !== undefined, `${name}: GetSession: expirationDate is missing (lifetime 600 s was asked)`);
    if (summary.userId === undefined) {
      summary.userId = user?.id;
    } else {
      check(user?.id === summary.userId, `${name}: GetSession: factors.user.id ${user?.id}, another transport saw ${summary.userId}`);
    }
  }

  // 3. a wrong password: InvalidArgument, with the ErrorDetail the client reads from the transport's details
  try {
    await sessions.createSession(
      { checks: { user: { search: { case: 'loginName', value: loginName } }, password: { password: `${password}-wrong` } } },
      options(),
    );
    problems.push(`${name}: CreateSession with a wrong password succeeded`);
  } catch (error) {
    const ids = error instanceof ConnectError ? error.findDetails(ErrorDetailSchema).map((d) => d.id) : [];
    check(error instanceof ConnectError && error.code === Code.InvalidArgument && ids.includes('COMMAND-3M0fs'),
      `${name}: CreateSession with a wrong password: ${describe(error)}, expected InvalidArgument [COMMAND-3M0fs]`);
  }

  // 4. DeleteSession, then GetSession answers NotFound
  const deleted = await step('DeleteSession', () =>
    sessions.deleteSession({ sessionId: created.sessionId, sessionToken: created.sessionToken }, options()),
  );
  if (deleted) {
    try {
      await sessions.getSession({ sessionId: created.sessionId, sessionToken: created.sessionToken }, options());
      problems.push(`${name}: GetSession after DeleteSession succeeded`);
    } catch (error) {
      check(error instanceof ConnectError && error.code === Code.NotFound,
        `${name}: GetSession after DeleteSession: ${describe(error)}, expected NotFound`);
    }
  }

  summary.sessions[name] = created.sessionId;
}

finish(summary);

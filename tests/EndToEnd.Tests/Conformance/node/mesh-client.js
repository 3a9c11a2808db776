// Proxyless gRPC client (@grpc/grpc-js-xds) plus two backends (v1, v2) for the end-to-end conformance tests, driven
// by JSON lines on stdin; answers are JSON lines on stdout. Same approach as tests/XdsServer.Tests/Conformance/node/
// client.js, with per-call metadata and backend behaviours the mesh scenarios need.
//
// Backends answer with their name. A call's `x-behave` metadata picks a behaviour: `slow` (answer after 1 s) or
// `flaky` (fail half of the calls with UNAVAILABLE, at random). Commands:
//   {"cmd":"calls","target":T,"n":N,"headers":{..},"deadlineMs":D}  -> {"event":"calls","counts":{..},"errors":{..},"ms":..}
//   {"cmd":"until","target":T,"backend":B,"share":S,"batch":N,"timeoutMs":D} repeat batches of N calls until backend B
//        answers at least share S of a batch                         -> {"event":"until","ok":bool,"ms":..,"last":{..}}
//   {"cmd":"tls-backend","name":N,"cert":F,"key":F,"ca":F} start a backend named N serving TLS with that certificate and
//        requiring a client certificate signed by the CA file     -> {"event":"tls-backend","port":..}
//   "calls" and "until" take "secure":true to call through xDS credentials (TLS from the cluster's certificate
//        provider instances, plaintext where the cluster has none)
//   {"cmd":"exit"}
// The process exits by itself after MESH_CONFORMANCE_TIMEOUT_MS (default 120 s).
'use strict';

const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const path = require('path');
const readline = require('readline');
const { emit, exitAfter, service, startBackend: serve } = require(path.join(__dirname, '..', '..', '..', 'Mesh.Testing', 'node', 'echo-common.js'));

exitAfter(Number(process.env.MESH_CONFORMANCE_TIMEOUT_MS || 120000));

function startBackend(name) {
  return serve(name, (call, callback) => {
    const behave = (call.metadata.get('x-behave')[0] || '').toString();
    if (behave === 'slow') {
      setTimeout(() => callback(null, Buffer.from(name)), 1000);
    } else if (behave === 'flaky' && Math.random() < 0.5) {
      callback({ code: grpc.status.UNAVAILABLE, details: `${name} is flaky` });
    } else {
      callback(null, Buffer.from(name));
    }
  });
}

function startTlsBackend(command) {
  const fs = require('fs');
  const credentials = grpc.ServerCredentials.createSsl(
    fs.readFileSync(command.ca),
    [{ private_key: fs.readFileSync(command.key), cert_chain: fs.readFileSync(command.cert) }],
    true);
  return serve(command.name, (_call, callback) => callback(null, Buffer.from(command.name)), credentials);
}

const Client = grpc.makeGenericClientConstructor(service, 'Echo');
const clients = new Map();
function clientFor(target, secure) {
  const key = `${secure ? 'xds' : 'insecure'}|${target}`;
  if (!clients.has(key)) {
    const credentials = secure
      ? new grpcXds.XdsChannelCredentials(grpc.credentials.createInsecure())
      : grpc.credentials.createInsecure();
    clients.set(key, new Client(target, credentials));
  }
  return clients.get(key);
}

function callOnce(client, headers, deadlineMs) {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(headers || {})) metadata.set(k, v);
  return new Promise((resolve) => {
    client.Which(Buffer.alloc(0), metadata, { deadline: Date.now() + deadlineMs }, (err, reply) => {
      if (err) resolve({ error: grpc.status[err.code] || String(err.code), details: err.details });
      else resolve({ backend: reply.toString() });
    });
  });
}

async function calls(command) {
  const client = clientFor(command.target, command.secure);
  const started = Date.now();
  const counts = {};
  const errors = {};
  const details = {};
  let next = 0;
  async function worker() {
    while (next < command.n) {
      next++;
      const result = await callOnce(client, command.headers, command.deadlineMs || 5000);
      if (result.backend) counts[result.backend] = (counts[result.backend] || 0) + 1;
      else {
        errors[result.error] = (errors[result.error] || 0) + 1;
        details[result.error] = result.details;
      }
    }
  }
  await Promise.all(Array.from({ length: command.concurrency || 8 }, worker));
  return { counts, errors, details, ms: Date.now() - started };
}

async function until(command) {
  const started = Date.now();
  let last = null;
  while (Date.now() - started < command.timeoutMs) {
    last = await calls({ target: command.target, secure: command.secure, n: command.batch, deadlineMs: 1000, concurrency: command.batch });
    // No backend named: any answer counts (the first call through).
    const got = command.backend ? last.counts[command.backend] || 0 : Object.values(last.counts).reduce((a, b) => a + b, 0);
    if (got > 0 && got >= command.share * command.batch) return { ok: true, ms: Date.now() - started, last };
  }
  return { ok: false, ms: Date.now() - started, last };
}

async function main() {
  grpcXds.register();
  const backends = [await startBackend('v1'), await startBackend('v2')];
  emit({ event: 'backends', ports: Object.fromEntries(backends.map((b) => [b.name, b.port])) });

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === 'calls') emit({ event: 'calls', ...(await calls(command)) });
    else if (command.cmd === 'until') emit({ event: 'until', ...(await until(command)) });
    else if (command.cmd === 'tls-backend') {
      const backend = await startTlsBackend(command);
      backends.push(backend);
      emit({ event: 'tls-backend', port: backend.port });
    } else if (command.cmd === 'exit') break;
    else emit({ event: 'error', error: `unknown command ${line}` });
  }

  for (const c of clients.values()) c.close();
  for (const b of backends) b.server.forceShutdown();
  process.exit(0);
}

main().catch((err) => {
  emit({ event: 'fatal', error: String(err && err.stack ? err.stack : err) });
  process.exit(2);
});

// Proxyless gRPC client (@grpc/grpc-js-xds) for the xDS conformance test, driven line by line over stdin/stdout.
//
// Started by XdsClientConformanceTests with GRPC_XDS_BOOTSTRAP pointing at our ADS server and NODE_PATH at the
// node_modules the build installed (src/XdsServer.Protos). It starts two gRPC backends on 127.0.0.1:0 that answer
// with their own name, prints {"event":"backends",...}, then answers commands (one JSON object per line):
//   {"cmd":"warmup","timeoutMs":N}  call until one call succeeds            -> {"event":"warmup","ok":bool,...}
//   {"cmd":"calls","n":N,"headers":{k:v}}  N calls (with that metadata, optional), counted per answering backend
//                                    -> {"event":"calls","counts":{...},"errors":{...}}
//   {"cmd":"exit"}                   close everything and exit 0
// The whole process exits by itself after MESH_CONFORMANCE_TIMEOUT_MS (default 90 s), whatever happens.
'use strict';

const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const path = require('path');
const readline = require('readline');
const { emit, exitAfter, service, startBackend: serve } = require(path.join(__dirname, '..', '..', '..', 'Mesh.Testing', 'node', 'echo-common.js'));

exitAfter(Number(process.env.MESH_CONFORMANCE_TIMEOUT_MS || 90000));

function startBackend(name) {
  return serve(name, (_call, callback) => callback(null, Buffer.from(name)));
}

function metadataOf(headers) {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers || {})) metadata.set(key, value);
  return metadata;
}

function callOnce(client, deadlineMs, headers) {
  return new Promise((resolve) => {
    client.Which(Buffer.alloc(0), metadataOf(headers), { deadline: Date.now() + deadlineMs }, (err, reply) => {
      if (err) resolve({ error: `${grpc.status[err.code] || err.code}: ${err.details}` });
      else resolve({ backend: reply.toString() });
    });
  });
}

async function calls(client, n, concurrency, headers) {
  const counts = {};
  const errors = {};
  let next = 0;
  async function worker() {
    while (next < n) {
      next++;
      const result = await callOnce(client, 5000, headers);
      if (result.backend) counts[result.backend] = (counts[result.backend] || 0) + 1;
      else errors[result.error] = (errors[result.error] || 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { counts, errors };
}

async function warmup(client, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < until) {
    const result = await callOnce(client, Math.max(100, Math.min(2000, until - Date.now())));
    if (result.backend) return { ok: true, backend: result.backend };
    last = result.error;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ok: false, lastError: last };
}

async function main() {
  grpcXds.register();
  const target = process.env.MESH_CONFORMANCE_TARGET;
  const backends = [await startBackend('a'), await startBackend('b')];
  emit({ event: 'backends', ports: Object.fromEntries(backends.map((b) => [b.name, b.port])) });

  const Client = grpc.makeGenericClientConstructor(service, 'Echo');
  const client = new Client(target, grpc.credentials.createInsecure());

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === 'warmup') {
      emit({ event: 'warmup', ...(await warmup(client, command.timeoutMs || 10000)) });
    } else if (command.cmd === 'calls') {
      emit({ event: 'calls', n: command.n, ...(await calls(client, command.n, command.concurrency || 16, command.headers)) });
    } else if (command.cmd === 'exit') {
      break;
    } else {
      emit({ event: 'error', error: `unknown command ${line}` });
    }
  }

  client.close();
  for (const b of backends) b.server.forceShutdown();
  process.exit(0);
}

main().catch((err) => {
  emit({ event: 'fatal', error: String(err && err.stack ? err.stack : err) });
  process.exit(2);
});

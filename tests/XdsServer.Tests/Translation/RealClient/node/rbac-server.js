// Proxyless gRPC server (@grpc/grpc-js-xds XdsServer, gRFC A36) for GrpcServerRbacTests, driven over stdin/stdout.
//
// Started with GRPC_XDS_BOOTSTRAP (holding server_listener_resource_name_template), GRPC_XDS_EXPERIMENTAL_RBAC=true,
// MESH_SERVER_ADDRESS (host:port to bind) and NODE_PATH on the build's node_modules. It serves two methods of one
// service, binds through xDS (the callback fires once the Listener is accepted: {"event":"serving"}; a bind refused at
// once prints {"event":"refused","error":...}), then answers:
//   {"cmd":"probe"}  call both methods once over plaintext -> {"event":"probe","which":"OK"|code,"secret":...}
//   {"cmd":"call","tls":bool}  call Which once on a new channel, plaintext or TLS with the workload certificate of
//                    MESH_CLIENT_CERT/MESH_CLIENT_KEY/MESH_CLIENT_CA -> {"event":"call","tls":bool,"code":"OK"|code,"details":...}
//   {"cmd":"exit"}   close everything and exit 0
// With MESH_SERVER_CREDENTIALS=xds the server binds with XdsServerCredentials (plaintext fallback): the Listener's
// filter chain decides TLS (gRFC A29), from the bootstrap's certificate_providers.
// The process exits by itself after MESH_CONFORMANCE_TIMEOUT_MS (default 90 s).
'use strict';

const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { emit, exitAfter } = require(path.join(__dirname, '..', '..', '..', '..', 'Mesh.Testing', 'node', 'echo-common.js'));

exitAfter(Number(process.env.MESH_CONFORMANCE_TIMEOUT_MS || 90000));

const identity = (x) => x;
const method = (name) => ({
  path: `/mesh.conformance.Echo/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});
const service = { Which: method('Which'), Secret: method('Secret') };
const address = process.env.MESH_SERVER_ADDRESS;

// Registers the xDS resolver and the HTTP filters (router, fault, RBAC): without it every filter fails validation.
grpcXds.register();
const server = new grpcXds.XdsServer();
server.addService(service, {
  Which: (_call, callback) => callback(null, Buffer.from('which')),
  Secret: (_call, callback) => callback(null, Buffer.from('secret')),
});
const insecure = grpc.ServerCredentials.createInsecure();
const serverCredentials = process.env.MESH_SERVER_CREDENTIALS === 'xds' ? new grpcXds.XdsServerCredentials(insecure) : insecure;
try {
  server.bindAsync(address, serverCredentials, (err, port) => {
    if (err) emit({ event: 'fatal', error: String(err) });
    else emit({ event: 'serving', port });
  });
} catch (err) {
  // grpc-js-xds 1.14 accepts only IP:port (a host name such as localhost throws here): report it, stay up for "exit".
  emit({ event: 'refused', error: err.message });
}

// Calls go to the bound IP (a wildcard is reached on loopback).
const boundHost = address.slice(0, address.lastIndexOf(':'));
const callHost = boundHost === '0.0.0.0' || boundHost === '[::]' ? '127.0.0.1' : boundHost;
const Client = grpc.makeGenericClientConstructor(service, 'Echo');
const target = `${callHost}:${address.split(':').pop()}`;
const client = new Client(target, grpc.credentials.createInsecure());

function call(name) {
  return new Promise((resolve) => {
    client[name](Buffer.alloc(0), { deadline: Date.now() + 5000 }, (err) => {
      resolve(err ? (grpc.status[err.code] || String(err.code)) : 'OK');
    });
  });
}

// The server's certificate names a SPIFFE identity (a URI SAN), not the host dialled: the chain is checked against the
// trust bundle, the host name is not.
function channelCredentials(tls) {
  if (!tls) return grpc.credentials.createInsecure();
  const read = (name) => fs.readFileSync(process.env[name]);
  return grpc.credentials.createSsl(read('MESH_CLIENT_CA'), read('MESH_CLIENT_KEY'), read('MESH_CLIENT_CERT'), {
    checkServerIdentity: () => undefined,
  });
}

// One call on a channel of its own, so that neither a failed handshake's backoff nor an earlier connection carries over.
function callOnce(tls) {
  const own = new Client(target, channelCredentials(tls));
  return new Promise((resolve) => {
    own.Which(Buffer.alloc(0), { deadline: Date.now() + 5000 }, (err) => {
      own.close();
      resolve(err ? { code: grpc.status[err.code] || String(err.code), details: err.details } : { code: 'OK', details: '' });
    });
  });
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const command = JSON.parse(line);
  if (command.cmd === 'probe') {
    emit({ event: 'probe', which: await call('Which'), secret: await call('Secret') });
  } else if (command.cmd === 'call') {
    emit({ event: 'call', tls: Boolean(command.tls), ...(await callOnce(Boolean(command.tls))) });
  } else if (command.cmd === 'exit') {
    client.close();
    server.forceShutdown();
    process.exit(0);
  }
});

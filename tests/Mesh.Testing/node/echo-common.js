// What the two grpc-js-xds conformance scripts share (tests/XdsServer.Tests/Conformance/node/client.js and
// tests/EndToEnd.Tests/Conformance/node/mesh-client.js): JSON-line events on stdout, a bounded process lifetime, and
// the one-method Echo service whose backends answer with their own name.
'use strict';

const grpc = require('@grpc/grpc-js');

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// Whatever happens, the process ends by itself: a hung test never leaves a node process behind.
function exitAfter(lifetimeMs) {
  setTimeout(() => {
    emit({ event: 'fatal', error: `client lifetime of ${lifetimeMs} ms exceeded` });
    process.exit(3);
  }, lifetimeMs).unref();
}

// A one-method service with raw Buffer messages: no .proto file needed on either side.
const identity = (x) => x;
const service = {
  Which: {
    path: '/mesh.conformance.Echo/Which',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

// Serves `which` (the Which handler) on 127.0.0.1 at a free port; resolves to {name, server, port}.
function startBackend(name, which, credentials = grpc.ServerCredentials.createInsecure()) {
  const server = new grpc.Server();
  server.addService(service, { Which: which });
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (err, port) => {
      if (err) reject(err);
      else resolve({ name, server, port });
    });
  });
}

module.exports = { emit, exitAfter, service, startBackend };

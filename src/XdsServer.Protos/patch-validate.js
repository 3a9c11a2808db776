// The validate.proto shipped by @grpc/grpc-js-xds predates the envoy API protos beside it:
// protoc refuses `ignore_empty` on StringRules. We write a patched copy (upstream field number 26)
// into ./validate-patched, which the build puts first among the import roots.
const fs = require('fs');
const path = require('path');
const src = path.join(__dirname, 'node_modules/@grpc/grpc-js-xds/deps/protoc-gen-validate/validate/validate.proto');
const outDir = path.join(__dirname, 'validate-patched/validate');
let text = fs.readFileSync(src, 'utf8').replace(/\r\n/g, '\n');
if (!/ignore_empty\s*=/.test(text.split('message StringRules')[1].split('\nmessage ')[0])) {
  text = text.replace(/(message StringRules \{\n)/, '$1  optional bool ignore_empty = 26;\n');
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'validate.proto'), text);
console.log('patched validate.proto written to', outDir);

// Reads the typed error details MediaGrpc sends in the `grpc-status-details-bin`
// trailer, with grpc-js: the trailer is a google.rpc.Status whose `details` are
// google.protobuf.Any messages packing one of protos/mediagrpc/v1/errors.proto.
// google/rpc/status.proto comes from the `google-proto-files` npm package (Google's
// common protos); protobufjs decodes it. The README's "Errors" section shows this.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const protobuf = require('protobufjs');

const protoDirs = [
  path.resolve(__dirname, '..', '..', 'protos'),
  path.dirname(require.resolve('google-proto-files/package.json')),
];

const root = new protobuf.Root();
// Imports resolve against our protos/ first, then Google's common protos.
root.resolvePath = (origin, target) => {
  for (const dir of protoDirs) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return target;
};
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'mediagrpc/v1/errors.proto'], { keepCase: true });
const Status = root.lookupType('google.rpc.Status');

/**
 * The details of a failed grpc-js call, decoded: [{ type: 'mediagrpc.v1.OffsetMismatch',
 * detail: { persisted_offset: 4194304, ... } }]. Empty when the server sent none.
 */
function statusDetails(error) {
  const trailer = error.metadata && error.metadata.get('grpc-status-details-bin')[0];
  if (!trailer) return [];
  const status = Status.decode(trailer);
  return status.details.map((any) => {
    const type = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    const message = root.lookupType(type);
    return { type, detail: message.toObject(message.decode(any.value), { longs: Number, defaults: true }) };
  });
}

module.exports = { statusDetails };
